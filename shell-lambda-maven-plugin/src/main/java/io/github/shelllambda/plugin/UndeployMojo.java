package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.deploy.Undeployer;
import io.github.shelllambda.plugin.packaging.InvalidFunctionConfigException;
import io.github.shelllambda.runtime.function.Architecture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/**
 * Removes the function from Lambda: its Function URL configs, then the function with its
 * versions and aliases; this build's layer versions too with {@code shell-lambda.undeploy.layers}.
 */
@Mojo(name = "undeploy", threadSafe = true, requiresProject = true)
public class UndeployMojo extends AbstractAwsMojo {

  /** Also delete every version of this build's layers (bootstrap, jq). Default {@code false}. */
  @Parameter(property = ShellLambdaProperties.UNDEPLOY_LAYERS, defaultValue = "false")
  protected boolean undeployLayers;

  /** The bootstrap layer's name, as deploy published it. Default {@code shell-lambda-bootstrap-<arch>}. */
  @Parameter
  protected String bootstrapLayerName;

  /** The jq layer's name, as deploy published it. Default {@code shell-lambda-jq-<arch>}. */
  @Parameter
  protected String jqLayerName;

  /** Skips this goal. Default {@code false}. */
  @Parameter(property = ShellLambdaProperties.UNDEPLOY_SKIP, defaultValue = "false")
  protected boolean skipUndeploy;

  @Override
  protected String goal() {
    return "undeploy";
  }

  @Override
  protected boolean skipGoal() {
    return skipUndeploy;
  }

  @Override
  protected void executeGoal() throws MojoExecutionException, MojoFailureException, InvalidFunctionConfigException {
    String name = functionConfig().functionName();
    List<String> layerNames = new ArrayList<>();
    if (undeployLayers) {
      Architecture arch = functionConfig().architecture();
      layerNames.add(bootstrapLayerName != null ? bootstrapLayerName : strip(bootstrapLayerZip(arch)));
      if (jqEnabled) {
        layerNames.add(jqLayerName != null ? jqLayerName : strip(jqLayerZip(arch)));
      }
    }
    try (LambdaClient lambda = lambdaClient()) {
      List<String> deleted = new Undeployer(lambda, buildLog()).undeploy(name, layerNames);
      getLog().info("Undeployed " + name + ": " + deleted.size() + " deletion(s)");
    } catch (SdkClientException e) {
      if (String.valueOf(e.getMessage()).contains("credentials")) {
        throw noCredentials(e);
      }
      throw new MojoExecutionException("shell-lambda:undeploy could not reach the Lambda API: " + e.getMessage(), e);
    } catch (LambdaException e) {
      throw new MojoExecutionException("shell-lambda:undeploy: the Lambda API refused ("
          + e.awsErrorDetails().errorCode() + "): " + e.awsErrorDetails().errorMessage(), e);
    }
  }

  private static String strip(Path zip) {
    return zip.getFileName().toString().replaceFirst("\\.zip$", "");
  }
}
