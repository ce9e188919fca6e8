package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.function.PomParameter;
import io.github.shelllambda.plugin.packaging.FunctionZipRequest;
import io.github.shelllambda.runtime.function.ConfigurationProblem.Field;

/**
 * Every {@code -D} user property of the plugin, in one place. Parameter annotations use these
 * constants, and error messages name them (through {@link PomParameter}s made here and handed to
 * the core), so a rename cannot leave a message out of date.
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

  // The parameters as messages name them: <element> (-Dproperty).
  public static final PomParameter FUNCTION_NAME_PARAMETER = new PomParameter("functionName", FUNCTION_NAME);
  public static final PomParameter HANDLER_PARAMETER = new PomParameter("handler", HANDLER);
  public static final PomParameter ARCHITECTURE_PARAMETER = new PomParameter("architecture", ARCHITECTURE);
  public static final PomParameter MEMORY_SIZE_PARAMETER = new PomParameter("memorySize", MEMORY_SIZE);
  public static final PomParameter TIMEOUT_PARAMETER = new PomParameter("timeout", TIMEOUT);
  public static final PomParameter ENVIRONMENT_PARAMETER = new PomParameter("environment", null);
  public static final PomParameter SOURCE_DIRECTORY_PARAMETER = new PomParameter("sourceDirectory", null);
  public static final PomParameter BUNDLE_BOOTSTRAP_PARAMETER = new PomParameter("bundleBootstrap", BUNDLE_BOOTSTRAP);
  public static final PomParameter ENV_FILE_PARAMETER = new PomParameter("envFile", ENV_FILE);
  public static final PomParameter PASS_AWS_CREDENTIALS_PARAMETER =
      new PomParameter("passAwsCredentials", PASS_AWS_CREDENTIALS);
  public static final PomParameter TEST_PARAMETER = new PomParameter("test", TEST);
  public static final PomParameter STUBS_PARAMETER = new PomParameter("stubs", STUBS);
  public static final PomParameter JQ_PARAMETER = new PomParameter("jq", null);
  public static final PomParameter JQ_FILE_PARAMETER = new PomParameter("jqFile", JQ_FILE);

  /** The parameters that set a function zip request's values. */
  public static final FunctionZipRequest.Parameters FUNCTION_ZIP_PARAMETERS =
      new FunctionZipRequest.Parameters(SOURCE_DIRECTORY_PARAMETER, HANDLER_PARAMETER, BUNDLE_BOOTSTRAP_PARAMETER);

  /**
   * The parameter that sets a field of the function's configuration; fields the plugin has no
   * parameter for yet are named as the Lambda API names them.
   */
  public static PomParameter parameterOf(Field field) {
    return switch (field) {
      case FUNCTION_NAME -> FUNCTION_NAME_PARAMETER;
      case HANDLER -> HANDLER_PARAMETER;
      case ARCHITECTURE -> ARCHITECTURE_PARAMETER;
      case MEMORY_SIZE -> MEMORY_SIZE_PARAMETER;
      case TIMEOUT -> TIMEOUT_PARAMETER;
      case ENVIRONMENT -> ENVIRONMENT_PARAMETER;
      default -> new PomParameter(field.apiName(), null);
    };
  }

  /** The per-goal skip property of {@code goal}. */
  public static String skipOf(String goal) {
    return PREFIX + goal + ".skip";
  }
}
