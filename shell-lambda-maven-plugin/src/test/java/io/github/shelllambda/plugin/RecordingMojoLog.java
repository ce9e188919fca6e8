package io.github.shelllambda.plugin;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.maven.plugin.logging.SystemStreamLog;

/** A Mojo log that keeps its info and warn lines for assertions (debug is off, as in a plain build). */
final class RecordingMojoLog extends SystemStreamLog {
  final List<String> infos = new CopyOnWriteArrayList<>();
  final List<String> warnings = new CopyOnWriteArrayList<>();

  @Override
  public void info(CharSequence content) {
    infos.add(String.valueOf(content));
  }

  @Override
  public void info(CharSequence content, Throwable error) {
    infos.add(String.valueOf(content));
  }

  @Override
  public void warn(CharSequence content) {
    warnings.add(String.valueOf(content));
  }

  @Override
  public void warn(CharSequence content, Throwable error) {
    warnings.add(String.valueOf(content));
  }

  @Override
  public boolean isDebugEnabled() {
    return false;
  }

  @Override
  public void debug(CharSequence content) {}

  @Override
  public void debug(CharSequence content, Throwable error) {}
}
