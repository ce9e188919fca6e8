package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.packaging.BuildLog;
import org.apache.maven.plugin.logging.Log;

/** The core's {@link BuildLog} backed by a Mojo's Maven log: the one adapter every goal uses. */
final class MavenBuildLog {
  private MavenBuildLog() {}

  static BuildLog of(Log log) {
    return new BuildLog() {
      @Override
      public void info(String message) {
        log.info(message);
      }

      @Override
      public void warn(String message) {
        log.warn(message);
      }

      @Override
      public void debug(String message) {
        log.debug(message);
      }
    };
  }
}
