package io.github.shelllambda.plugin.packaging;

/** The little the core needs from a build log; the Mojos adapt Maven's log to it. */
public interface BuildLog {
  void info(String message);

  void warn(String message);

  void debug(String message);

  /** A log that drops everything (tests, embedded use). */
  BuildLog NONE =
      new BuildLog() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void debug(String message) {}
      };
}
