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

  // The local goals (test, run, invoke).
  public static final String PORT = PREFIX + "port";
  public static final String EVENT = PREFIX + "event";
  public static final String PAYLOAD = PREFIX + "payload";
  public static final String STUBS = PREFIX + "stubs";
  public static final String ENV_FILE = PREFIX + "envFile";
  public static final String PASS_AWS_CREDENTIALS = PREFIX + "passAwsCredentials";
  public static final String HOST_PATH = PREFIX + "hostPath";
  public static final String CONCURRENCY = PREFIX + "concurrency";
  public static final String TEST = PREFIX + "test";
  public static final String TEST_SKIP = PREFIX + "test.skip";
  public static final String RUN_SKIP = PREFIX + "run.skip";
  public static final String RUN_RELOAD = PREFIX + "run.reload";
  public static final String INVOKE_SKIP = PREFIX + "invoke.skip";

  // The local control plane (start, stop).
  public static final String STATE_DIRECTORY = PREFIX + "stateDirectory";
  public static final String STATE_DELAY = PREFIX + "stateDelay";
  /** The project property {@code start} sets to the plane's endpoint, for failsafe, exec and scripts. */
  public static final String ENDPOINT = PREFIX + "endpoint";
  public static final String START_SKIP = PREFIX + "start.skip";
  public static final String STOP_SKIP = PREFIX + "stop.skip";

  private ShellLambdaProperties() {}

  /** The per-goal skip property of {@code goal}. */
  public static String skipOf(String goal) {
    return PREFIX + goal + ".skip";
  }
}
