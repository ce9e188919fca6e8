package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.deploy.AliasMoves;
import io.github.shelllambda.plugin.deploy.AliasState;
import io.github.shelllambda.plugin.deploy.DeployedStateReader;
import io.github.shelllambda.plugin.deploy.Deployer;
import io.github.shelllambda.plugin.packaging.InvalidFunctionConfigException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** promote and rollback: read the alias, compute where it goes ({@link AliasMoves}), move it. */
abstract class AbstractAliasMojo extends AbstractAwsMojo {

  /** Where the alias goes from {@code now}. */
  protected abstract AliasState target(AliasState now) throws AliasMoves.NoMoveException;

  @Override
  protected void executeGoal() throws MojoExecutionException, MojoFailureException, InvalidFunctionConfigException {
    String name = functionConfig().functionName();
    String aliasName = alias();
    try (LambdaClient lambda = lambdaClient()) {
      AliasState now;
      try {
        now = DeployedStateReader.aliasOf(lambda.getAlias(r -> r.functionName(name).name(aliasName)));
      } catch (ResourceNotFoundException e) {
        throw new MojoFailureException("the alias " + aliasName + " of " + name + " does not exist: deploy first"
            + " (mvn package shell-lambda:deploy), or name the alias with " + ShellLambdaProperties.ALIAS_PARAMETER, e);
      }
      AliasState to = target(now);
      new Deployer(lambda, buildLog()).moveAlias(name, to, false);
      getLog().info("Alias " + aliasName + " of " + name + ": " + now.routing() + " -> " + to.routing());
    } catch (AliasMoves.NoMoveException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (SdkClientException e) {
      if (String.valueOf(e.getMessage()).contains("credentials")) {
        throw noCredentials(e);
      }
      throw new MojoExecutionException("shell-lambda:" + goal() + " could not reach the Lambda API: " + e.getMessage(), e);
    } catch (LambdaException e) {
      throw new MojoExecutionException("shell-lambda:" + goal() + ": the Lambda API refused ("
          + e.awsErrorDetails().errorCode() + "): " + e.awsErrorDetails().errorMessage(), e);
    }
  }
}
