package io.github.shelllambda.plugin.packaging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A log that keeps what it was told, for assertions; safe to log to from several threads. */
public final class RecordingLog implements BuildLog {
  public final List<String> infos = new CopyOnWriteArrayList<>();
  public final List<String> warnings = new CopyOnWriteArrayList<>();
  /** Everything in order, prefixed by its level: {@code "INFO ..."}, {@code "WARN ..."}. */
  public final List<String> lines = new CopyOnWriteArrayList<>();

  @Override
  public void info(String message) {
    infos.add(message);
    lines.add("INFO " + message);
  }

  @Override
  public void warn(String message) {
    warnings.add(message);
    lines.add("WARN " + message);
  }

  @Override
  public void debug(String message) {}
}
