package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.failure.UserMistakeException;
import io.github.shelllambda.plugin.function.LocalFunctionSpec;
import java.io.IOException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The goals that invoke the packaged function outside the test cases (run, invoke): they can
 * serve a case's upstream stubs and, on request only, hand the user's AWS credentials over.
 */
public abstract class AbstractInvokingMojo extends AbstractLocalMojo {

  /** Serve the upstream stubs of this test case (by name) to the function. Default none. */
  @Parameter(property = ShellLambdaProperties.STUBS)
  protected String stubs;

  /** Hand your AWS credentials to the local function. Default {@code false}. */
  @Parameter(property = ShellLambdaProperties.PASS_AWS_CREDENTIALS, defaultValue = "false")
  protected boolean passAwsCredentials;

  /** The packaged function, with the user's AWS credentials only when asked for. */
  protected LocalFunctionSpec localSpec(int concurrency) throws MojoFailureException, UserMistakeException, IOException {
    return localSpec(passAwsCredentials, concurrency);
  }
}
