package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.failure.UserMistakeException;
import io.github.shelllambda.plugin.function.LocalFunctionSpec;
import io.github.shelllambda.plugin.localrun.SecretsFile;
import io.github.shelllambda.runtime.secrets.LocalSecrets;
import java.io.File;
import java.io.IOException;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The goals that invoke the packaged function outside the test cases (run, invoke): they can
 * serve a case's upstream stubs and fake secrets and, on request only, hand the user's AWS
 * credentials over.
 */
public abstract class AbstractInvokingMojo extends AbstractLocalMojo {

  /** Serve the upstream stubs of this test case (by name) to the function. Default none. */
  @Parameter(property = ShellLambdaProperties.STUBS)
  protected String stubs;

  /** Hand your AWS credentials to the local function. Default {@code false}. */
  @Parameter(property = ShellLambdaProperties.PASS_AWS_CREDENTIALS, defaultValue = "false")
  protected boolean passAwsCredentials;

  /**
   * A JSON object of fake secrets ({@code NAME} or {@code ssm:NAME} to value) that {@code
   * lambda_secret} gets, served on loopback as Secrets Manager and SSM. Default none.
   */
  @Parameter(property = ShellLambdaProperties.SECRETS_FILE)
  protected File secretsFile;

  /** The secrets server of this goal execution, when {@code secretsFile} is set. */
  private LocalSecrets localSecrets;

  /**
   * The packaged function, with the user's AWS credentials only when asked for, as deploy would
   * configure it behind the POM's {@code <functionUrl>} (its invoke mode), pointed at the local
   * secrets server when {@code secretsFile} is set.
   */
  protected LocalFunctionSpec localSpec(int concurrency) throws MojoFailureException, UserMistakeException, IOException {
    LocalFunctionSpec spec = behindFunctionUrl(localSpec(passAwsCredentials, concurrency));
    if (secretsFile == null) {
      return spec;
    }
    if (localSecrets == null) {
      Map<String, String> values;
      try {
        values = SecretsFile.read(secretsFile.toPath());
      } catch (SecretsFile.SecretsFileException e) {
        throw new MojoFailureException(ShellLambdaProperties.SECRETS_FILE_PARAMETER + ": " + e.getMessage(), e);
      }
      localSecrets = LocalSecrets.start(values);
      // names only: values are secrets
      getLog().info("Serving " + values.size() + " secret(s) from " + secretsFile + " to lambda_secret at "
          + localSecrets.endpoint() + ": " + new java.util.TreeSet<>(values.keySet()));
    }
    return spec.withLocalSecrets(localSecrets);
  }

  @Override
  protected void afterLocal() {
    if (localSecrets != null) {
      localSecrets.close();
      localSecrets = null;
    }
  }
}
