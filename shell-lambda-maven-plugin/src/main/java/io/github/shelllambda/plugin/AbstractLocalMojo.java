package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.localrun.AwsCredentialsPassing;
import io.github.shelllambda.plugin.localrun.EnvFile;
import io.github.shelllambda.plugin.function.LocalFunctionSpec;
import io.github.shelllambda.plugin.function.UrlInvokeMode;
import io.github.shelllambda.plugin.localtest.TestCase;
import io.github.shelllambda.plugin.localtest.TestCases;
import io.github.shelllambda.plugin.failure.UserMistakeException;
import io.github.shelllambda.runtime.env.Emulation;
import io.github.shelllambda.plugin.function.Suggestions;
import io.github.shelllambda.runtime.function.ConfigurationProblem.Field;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import io.github.shelllambda.runtime.function.InvalidFunctionConfigurationException;
import io.github.shelllambda.plugin.packaging.InvalidFunctionConfigException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What the local goals (test, run, invoke) share on top of the packaging parameters: the extra
 * environment, the PATH choice, the test-case folder, and turning the packaged zips into a
 * {@link LocalFunctionSpec}. User mistakes in local files (a case, an envFile, a stale zip) are
 * {@link UserMistakeException}s, which fail the build with {@link MojoFailureException}.
 */
public abstract class AbstractLocalMojo extends AbstractShellLambdaMojo {

  /** Extra {@code KEY=value} variables for local runs (not deployed). Default none. */
  @Parameter(property = ShellLambdaProperties.ENV_FILE)
  protected File envFile;

  /**
   * {@code true}: the function sees the host's whole PATH instead of the commands provided.al2023
   * has. Default {@code false} (what works locally works when deployed).
   */
  @Parameter(property = ShellLambdaProperties.HOST_PATH, defaultValue = "false")
  protected boolean hostPath;

  /**
   * The Function URL deploy creates; the local goals (test, run, invoke) read its {@code
   * invokeMode} only: with {@code RESPONSE_STREAM} the function gets {@code
   * SHELL_LAMBDA_RESPONSE_STREAM=1}, as deploy gives it, so it streams and the local Function URL
   * passes the stream on. (In the test goal a case's {@code request.invokeMode} wins.) Default: no
   * URL ({@code BUFFERED}).
   */
  @Parameter
  protected FunctionUrlConfig functionUrl;

  /** Where the handler test cases ({@code *.case.json}) live. Default {@code src/test/shell-lambda}. */
  @Parameter(defaultValue = "${project.basedir}/src/test/shell-lambda")
  protected File testSourceDirectory;

  /** The goal's work; {@link #execute()} maps the core exceptions (user mistakes, I/O) to Maven's. */
  protected abstract void executeLocal()
      throws MojoExecutionException, MojoFailureException, UserMistakeException, IOException, InterruptedException;

  @Override
  protected final void executeGoal()
      throws MojoExecutionException, MojoFailureException, UserMistakeException, IOException, InterruptedException {
    try {
      executeLocal();
    } finally {
      afterLocal();
    }
  }

  /** Stops what {@link #executeLocal()} left running for the goal (a local secrets server). */
  protected void afterLocal() {}

  /**
   * The packaged function: the POM's configuration with the envFile's variables added (checked as
   * Lambda checks an environment), and AWS credentials as local credentials: the user's own only
   * when {@code passAwsCredentials} asks for them, or credential variables an envFile sets (with a
   * warning when {@code passAwsCredentials} is off). Made once per goal execution.
   */
  protected LocalFunctionSpec localSpec(boolean passAwsCredentials, int concurrency)
      throws MojoFailureException, UserMistakeException, IOException {
    FunctionConfiguration config = functionConfig();
    Map<String, String> credentials = new LinkedHashMap<>();
    if (envFile != null) {
      Map<String, String> vars = new LinkedHashMap<>(readEnvFile());
      getLog().info("Read " + vars.size() + " variable(s) from " + envFile + ": " + vars.keySet());
      for (String name : FunctionConfiguration.CREDENTIAL_VARIABLES) {
        String value = vars.remove(name);
        if (value != null) {
          credentials.put(name, value);
          if (!passAwsCredentials) {
            getLog().warn(name + " comes from the envFile; the local function gets it although "
                + ShellLambdaProperties.PASS_AWS_CREDENTIALS + " is false");
          }
        }
      }
      config = withVariables(config, vars);
    }
    if (passAwsCredentials) {
      Map<String, String> own = awsCredentials();
      // Names only: values are secrets.
      getLog().info("Passing your AWS credentials to the local function: " + own.keySet());
      credentials.putAll(own);
    }
    if (!Emulation.isNative(config.architecture())) {
      getLog().info(ShellLambdaProperties.ARCHITECTURE_PARAMETER.withValue(config.architecture().lambdaName())
          + ": the function runs under qemu emulation; durations are not representative of Lambda's");
    }
    LocalFunctionSpec spec = new LocalFunctionSpec(config, functionZip(), layerZips(), credentials, hostPath, concurrency);
    spec.checkZipsExist();
    return spec;
  }

  /**
   * {@code <functionUrl><invokeMode>}: {@code BUFFERED} when unset.
   *
   * @throws MojoFailureException a value Lambda does not accept
   */
  protected String invokeMode() throws MojoFailureException {
    return FunctionUrlConfig.invokeMode(functionUrl);
  }

  /**
   * {@code spec} as deploy would configure it behind the POM's Function URL ({@link
   * UrlInvokeMode#variables}), saying in one line when the function streams its responses.
   */
  protected LocalFunctionSpec behindFunctionUrl(LocalFunctionSpec spec) throws MojoFailureException {
    String mode = invokeMode();
    Map<String, String> env = spec.configuration().environment();
    UrlInvokeMode.describe(mode, env).ifPresent(getLog()::info);
    return spec.withEnvironment(UrlInvokeMode.variables(mode, env));
  }

  private Map<String, String> readEnvFile() throws MojoFailureException {
    try {
      return EnvFile.read(envFile.toPath());
    } catch (EnvFile.EnvFileException e) {
      throw new MojoFailureException(ShellLambdaProperties.ENV_FILE_PARAMETER + ": " + e.getMessage(), e);
    }
  }

  /** The configuration with the envFile's variables; a name Lambda refuses is reported as the envFile's. */
  private static FunctionConfiguration withVariables(FunctionConfiguration config, Map<String, String> vars)
      throws InvalidFunctionConfigException {
    Map<String, String> env = new LinkedHashMap<>(config.environment());
    env.putAll(vars);
    try {
      return config.toBuilder().environment(env).build();
    } catch (InvalidFunctionConfigurationException e) {
      throw new InvalidFunctionConfigException(Suggestions.describe(e.problems(),
          f -> f == Field.ENVIRONMENT ? ShellLambdaProperties.ENV_FILE_PARAMETER : ShellLambdaProperties.parameterOf(f)),
          e);
    }
  }

  private static Map<String, String> awsCredentials() throws MojoFailureException {
    try {
      return AwsCredentialsPassing.variables(true);
    } catch (AwsCredentialsPassing.NoCredentialsException e) {
      throw new MojoFailureException(ShellLambdaProperties.PASS_AWS_CREDENTIALS_PARAMETER + " is true, but "
          + e.getMessage() + "; configure credentials, or leave "
          + ShellLambdaProperties.PASS_AWS_CREDENTIALS_PARAMETER.element() + " off", e);
    }
  }

  /** A folder of this goal under target, for the execution environments. */
  protected Path workDirectory() {
    return outputDirectory.toPath().resolve("shell-lambda-local").resolve(goal());
  }

  /** The upstream of the case named by {@code -Dshell-lambda.stubs}, if set. */
  protected Optional<TestCase.Upstream> stubsOf(String caseName) throws MojoFailureException, IOException {
    try {
      return TestCases.upstreamOf(testSourceDirectory.toPath(), caseName, buildLog());
    } catch (TestCases.NoSuchCaseException | TestCases.NoUpstreamException e) {
      throw new MojoFailureException(
          ShellLambdaProperties.STUBS_PARAMETER + " is '" + caseName + "', but " + e.getMessage(), e);
    } catch (UserMistakeException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
  }
}
