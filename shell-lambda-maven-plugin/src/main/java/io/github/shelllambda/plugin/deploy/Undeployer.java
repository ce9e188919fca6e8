package io.github.shelllambda.plugin.deploy;

import io.github.shelllambda.plugin.packaging.BuildLog;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LayerVersionsListItem;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Removes what deploy made: the Function URL configs, the function with its versions and aliases
 * (DeleteFunction removes them all), and, when asked, every version of this build's layers.
 * What is already gone is skipped, so undeploy can be run twice.
 */
public final class Undeployer {
  private final LambdaClient lambda;
  private final BuildLog log;

  public Undeployer(LambdaClient lambda, BuildLog log) {
    this.lambda = lambda;
    this.log = log;
  }

  /** Returns the deletions made, in order. */
  public List<String> undeploy(String functionName, List<String> layerNames) {
    List<String> deleted = new ArrayList<>();
    try {
      for (var url : lambda.listFunctionUrlConfigsPaginator(r -> r.functionName(functionName)).functionUrlConfigs()) {
        String qualifier = qualifierOf(url.functionArn());
        lambda.deleteFunctionUrlConfig(r -> {
          r.functionName(functionName);
          if (qualifier != null) {
            r.qualifier(qualifier);
          }
        });
        deleted.add("Function URL " + url.functionUrl());
      }
      lambda.deleteFunction(r -> r.functionName(functionName));
      deleted.add("function " + functionName + " with its versions and aliases");
    } catch (ResourceNotFoundException e) {
      log.info("The function " + functionName + " does not exist: nothing to remove");
    }
    for (String layer : layerNames) {
      List<LayerVersionsListItem> versions;
      try {
        versions = lambda.listLayerVersionsPaginator(r -> r.layerName(layer)).layerVersions().stream().toList();
      } catch (ResourceNotFoundException e) {
        continue;
      }
      for (LayerVersionsListItem v : versions) {
        lambda.deleteLayerVersion(r -> r.layerName(layer).versionNumber(v.version()));
        deleted.add("layer " + layer + ":" + v.version());
      }
    }
    deleted.forEach(d -> log.info("Deleted " + d));
    return deleted;
  }

  private static String qualifierOf(String functionArn) {
    String[] p = functionArn.split(":");
    return p.length == 8 ? p[7] : null;
  }
}
