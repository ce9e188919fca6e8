package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.deploy.LambdaClients;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * What the goals that talk to the Lambda API share (deploy, promote, rollback, undeploy): where
 * to connect and with which credentials, and the alias. They are called explicitly and never
 * bound to Maven's {@code deploy} phase, which publishes to a Maven repository.
 */
public abstract class AbstractAwsMojo extends AbstractShellLambdaMojo {
  private static final Pattern ALIAS = Pattern.compile("(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}");

  /** The Lambda API endpoint: the local control plane or any endpoint speaking the Lambda API. Default: AWS. */
  @Parameter(property = ShellLambdaProperties.ENDPOINT)
  protected String endpoint;

  /** The AWS region. Default: the SDK's default chain (AWS_REGION, the profile's region). */
  @Parameter(property = ShellLambdaProperties.REGION)
  protected String region;

  /**
   * A named profile of ~/.aws/config for the credentials. Default: the SDK's default chain
   * (environment, profiles, SSO, web identity for CI OIDC, container and instance roles).
   */
  @Parameter(property = ShellLambdaProperties.PROFILE)
  protected String profile;

  /** The alias deploy moves and the Function URL is on. Default {@code live}. */
  @Parameter(property = ShellLambdaProperties.ALIAS, defaultValue = "live")
  protected String alias;

  /** The alias name, checked as Lambda checks it. */
  protected String alias() throws MojoFailureException {
    if (alias == null || !ALIAS.matcher(alias).matches()) {
      throw new MojoFailureException(ShellLambdaProperties.ALIAS_PARAMETER + " is '" + alias + "', but Lambda alias"
          + " names are 1 to 128 letters, digits, '-' or '_', and not all digits (a number names a version);"
          + " e.g. " + ShellLambdaProperties.ALIAS_PARAMETER.withValue("live"));
    }
    return alias;
  }

  /** The SDK client; credentials are resolved by the SDK and never printed. */
  protected LambdaClient lambdaClient() throws MojoFailureException {
    try {
      return LambdaClients.create(new LambdaClients.Target(Optional.ofNullable(endpoint), Optional.ofNullable(region),
          Optional.ofNullable(profile)));
    } catch (LambdaClients.NoRegionException e) {
      throw new MojoFailureException(e.getMessage() + "; set " + ShellLambdaProperties.REGION_PARAMETER
          + ", e.g. " + ShellLambdaProperties.REGION_PARAMETER.assignment("eu-west-1") + ", or AWS_REGION", e);
    }
  }

  /** Words the SDK's "no credentials" failure with the usual fixes. */
  protected MojoFailureException noCredentials(Exception e) {
    return new MojoFailureException("no AWS credentials could be loaded (" + e.getMessage().lines().findFirst()
        .orElse("") + "); set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, run 'aws sso login', use a profile with "
        + ShellLambdaProperties.PROFILE_PARAMETER + ", or in CI the OIDC role (AWS_ROLE_ARN and"
        + " AWS_WEB_IDENTITY_TOKEN_FILE)", e);
  }
}
