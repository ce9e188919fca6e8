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
  public static final String LOG_FORMAT = PREFIX + "logFormat";
  public static final String LOG_LEVEL = PREFIX + "logLevel";
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
  public static final String SECRETS_FILE = PREFIX + "secretsFile";
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
  public static final String START_SKIP = PREFIX + "start.skip";
  public static final String STOP_SKIP = PREFIX + "stop.skip";

  // The AWS goals (deploy, promote, rollback, undeploy).
  /**
   * The Lambda API endpoint the AWS goals use; also the project property {@code start} sets to
   * the plane's endpoint, so a deploy later in the same build (and failsafe, exec, scripts) finds it.
   */
  public static final String ENDPOINT = PREFIX + "endpoint";
  public static final String REGION = PREFIX + "region";
  public static final String PROFILE = PREFIX + "profile";
  public static final String ROLE = PREFIX + "role";
  public static final String ALIAS = PREFIX + "alias";
  public static final String CANARY = PREFIX + "canary";
  public static final String DRY_RUN = PREFIX + "dryRun";
  public static final String URL_AUTH_TYPE = PREFIX + "url.authType";
  public static final String RESERVED_CONCURRENCY = PREFIX + "reservedConcurrency";
  public static final String SMOKE_TESTS = PREFIX + "smokeTests";
  public static final String KEEP_VERSIONS = PREFIX + "keepVersions";
  public static final String UNDEPLOY_LAYERS = PREFIX + "undeploy.layers";
  public static final String DEPLOY_SKIP = PREFIX + "deploy.skip";
  public static final String PROMOTE_SKIP = PREFIX + "promote.skip";
  public static final String ROLLBACK_SKIP = PREFIX + "rollback.skip";
  public static final String UNDEPLOY_SKIP = PREFIX + "undeploy.skip";

  private ShellLambdaProperties() {}

  // The parameters as messages name them: <element> (-Dproperty).
  public static final PomParameter FUNCTION_NAME_PARAMETER = new PomParameter("functionName", FUNCTION_NAME);
  public static final PomParameter HANDLER_PARAMETER = new PomParameter("handler", HANDLER);
  public static final PomParameter ARCHITECTURE_PARAMETER = new PomParameter("architecture", ARCHITECTURE);
  public static final PomParameter MEMORY_SIZE_PARAMETER = new PomParameter("memorySize", MEMORY_SIZE);
  public static final PomParameter TIMEOUT_PARAMETER = new PomParameter("timeout", TIMEOUT);
  public static final PomParameter LOG_FORMAT_PARAMETER = new PomParameter("logFormat", LOG_FORMAT);
  public static final PomParameter LOG_LEVEL_PARAMETER = new PomParameter("logLevel", LOG_LEVEL);
  public static final PomParameter ENVIRONMENT_PARAMETER = new PomParameter("environment", null);
  public static final PomParameter SOURCE_DIRECTORY_PARAMETER = new PomParameter("sourceDirectory", null);
  public static final PomParameter BUNDLE_BOOTSTRAP_PARAMETER = new PomParameter("bundleBootstrap", BUNDLE_BOOTSTRAP);
  public static final PomParameter ENV_FILE_PARAMETER = new PomParameter("envFile", ENV_FILE);
  public static final PomParameter SECRETS_FILE_PARAMETER = new PomParameter("secretsFile", SECRETS_FILE);
  public static final PomParameter PASS_AWS_CREDENTIALS_PARAMETER =
      new PomParameter("passAwsCredentials", PASS_AWS_CREDENTIALS);
  public static final PomParameter TEST_PARAMETER = new PomParameter("test", TEST);
  public static final PomParameter STUBS_PARAMETER = new PomParameter("stubs", STUBS);
  public static final PomParameter JQ_PARAMETER = new PomParameter("jq", null);
  public static final PomParameter JQ_FILE_PARAMETER = new PomParameter("jqFile", JQ_FILE);
  public static final PomParameter PORT_PARAMETER = new PomParameter("port", PORT);
  public static final PomParameter CONCURRENCY_PARAMETER = new PomParameter("concurrency", CONCURRENCY);
  public static final PomParameter REGION_PARAMETER = new PomParameter("region", REGION);
  public static final PomParameter PROFILE_PARAMETER = new PomParameter("profile", PROFILE);
  public static final PomParameter ROLE_PARAMETER = new PomParameter("role", ROLE);
  public static final PomParameter ALIAS_PARAMETER = new PomParameter("alias", ALIAS);
  public static final PomParameter CANARY_PARAMETER = new PomParameter("canary", CANARY);
  public static final PomParameter FUNCTION_URL_PARAMETER = new PomParameter("functionUrl", URL_AUTH_TYPE);
  public static final PomParameter LAYERS_PARAMETER = new PomParameter("layers", null);
  public static final PomParameter SMOKE_TESTS_PARAMETER = new PomParameter("smokeTests", SMOKE_TESTS);
  public static final PomParameter KEEP_VERSIONS_PARAMETER = new PomParameter("keepVersions", KEEP_VERSIONS);
  public static final PomParameter RESERVED_CONCURRENCY_PARAMETER =
      new PomParameter("reservedConcurrency", RESERVED_CONCURRENCY);
  public static final PomParameter DESCRIPTION_PARAMETER = new PomParameter("description", null);

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
      case ROLE -> ROLE_PARAMETER;
      case LAYERS -> LAYERS_PARAMETER;
      case DESCRIPTION -> DESCRIPTION_PARAMETER;
      case LOGGING -> LOG_FORMAT_PARAMETER;
      default -> new PomParameter(field.apiName(), null);
    };
  }

  /** The per-goal skip property of {@code goal}. */
  public static String skipOf(String goal) {
    return PREFIX + goal + ".skip";
  }
}
