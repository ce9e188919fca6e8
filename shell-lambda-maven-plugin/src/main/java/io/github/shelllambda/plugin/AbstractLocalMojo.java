package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.function.FunctionConfig;
import io.github.shelllambda.plugin.localrun.AwsCredentialsPassing;
import io.github.shelllambda.plugin.localrun.EnvFile;
import io.github.shelllambda.plugin.function.LocalFunctionSpec;
import io.github.shelllambda.plugin.localtest.TestCase;
import io.github.shelllambda.plugin.localtest.TestCases;
import io.github.shelllambda.plugin.failure.UserMistakeException;
import io.github.shelllambda.runtime.env.Emulation;
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

  /** Where the handler test cases ({@code *.case.json}) live. Default {@code src/test/shell-lambda}. */
  @Parameter(defaultValue = "${project.basedir}/src/test/shell-lambda")
  protected File testSourceDirectory;

  /** The goal's work; {@link #execute()} maps the core exceptions (user mistakes, I/O) to Maven's. */
  protected abstract void executeLocal()
      throws MojoExecutionException, MojoFailureException, UserMistakeException, IOException, InterruptedException;

  @Override
  protected final void executeGoal()
      throws MojoExecutionException, MojoFailureException, UserMistakeException, IOException, InterruptedException {
    executeLocal();
  }

  /**
   * The packaged function with the POM's environment, then the envFile's, then (only when asked
   * for) the user's AWS credentials.
   */
  protected LocalFunctionSpec localSpec(boolean passAwsCredentials, int concurrency)
      throws UserMistakeException, IOException {
    FunctionConfig config = functionConfig();
    Map<String, String> env = new LinkedHashMap<>(config.environment());
    if (envFile != null) {
      Map<String, String> fromFile = EnvFile.read(envFile.toPath());
      env.putAll(fromFile);
      getLog().info("Read " + fromFile.size() + " variable(s) from " + envFile + ": " + fromFile.keySet());
    }
    if (!passAwsCredentials) {
      Optional<String> cred = AwsCredentialsPassing.credentialVariableIn(env);
      if (cred.isPresent()) {
        getLog().warn(cred.get() + " comes from <environment> or the envFile; the local function gets it although "
            + ShellLambdaProperties.PASS_AWS_CREDENTIALS + " is false");
      }
    }
    Map<String, String> creds = AwsCredentialsPassing.variables(passAwsCredentials);
    if (!creds.isEmpty()) {
      // Names only: values are secrets.
      getLog().info("Passing your AWS credentials to the local function: " + creds.keySet());
      env.putAll(creds);
    }
    if (!Emulation.isNative(config.architecture())) {
      getLog().info("<architecture> is " + config.architecture() + ": the function runs under qemu emulation;"
          + " durations are not representative of Lambda's");
    }
    LocalFunctionSpec spec = new LocalFunctionSpec(functionZip(), layerZips(), config.functionName(),
        config.handler(), config.memorySize(), config.timeout(), config.architecture(), env, hostPath, concurrency);
    spec.checkZipsExist();
    return spec;
  }

  /** A folder of this goal under target, for the execution environments. */
  protected Path workDirectory() {
    return outputDirectory.toPath().resolve("shell-lambda-local").resolve(goal());
  }

  /** The upstream of the case named by {@code -Dshell-lambda.stubs}, if set. */
  protected Optional<TestCase.Upstream> stubsOf(String caseName) throws UserMistakeException, IOException {
    return TestCases.upstreamOf(testSourceDirectory.toPath(), caseName, buildLog());
  }
}
