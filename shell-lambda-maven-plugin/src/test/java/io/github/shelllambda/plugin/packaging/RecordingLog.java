package io.github.shelllambda.plugin.packaging;

import java.util.ArrayList;
import java.util.List;

/** A log that keeps what it was told, for assertions. */
public final class RecordingLog implements BuildLog {
  public final List<String> infos = new ArrayList<>();
  public final List<String> warnings = new ArrayList<>();

  @Override
  public void info(String message) {
    infos.add(message);
  }

  @Override
  public void warn(String message) {
    warnings.add(message);
  }

  @Override
  public void debug(String message) {}
}
