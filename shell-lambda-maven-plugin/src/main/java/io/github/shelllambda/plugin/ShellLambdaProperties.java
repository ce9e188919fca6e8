package io.github.shelllambda.plugin;

/**
 * Every {@code -D} user property of the plugin, in one place. Parameter annotations use these
 * constants, and error messages name them, so a rename cannot leave a message out of date.
 */
public final class ShellLambdaProperties {

  /** Common prefix of all properties. */
  public static final String PREFIX = "shell-lambda.";

  public static final String FUNCTION_NAME = PREFIX + "functionName";
  public static final String HANDLER = PREFIX + "handler";
  public static final String ARCHITECTURE = PREFIX + "architecture";
  public static final String MEMORY_SIZE = PREFIX + "memorySize";
  public static final String TIMEOUT = PREFIX + "timeout";
  public static final String BUNDLE_BOOTSTRAP = PREFIX + "bundleBootstrap";
  public static final String JQ_ENABLED = PREFIX + "jq.enabled";
  public static final String JQ_FILE = PREFIX + "jq.file";
  public static final String SKIP = PREFIX + "skip";

  /** Per-goal skips: {@code shell-lambda.<goal>.skip}. */
  public static final String PACKAGE_SKIP = PREFIX + "package.skip";
  public static final String BOOTSTRAP_LAYER_SKIP = PREFIX + "bootstrap-layer.skip";
  public static final String JQ_LAYER_SKIP = PREFIX + "jq-layer.skip";

  private ShellLambdaProperties() {}

  /** The per-goal skip property of {@code goal}. */
  public static String skipOf(String goal) {
    return PREFIX + goal + ".skip";
  }
}
