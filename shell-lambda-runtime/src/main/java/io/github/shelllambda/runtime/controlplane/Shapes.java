package io.github.shelllambda.runtime.controlplane;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import io.github.shelllambda.runtime.function.FunctionId;

/** The plane's records as the Lambda API's output shapes (FunctionConfiguration, AliasConfiguration, layer shapes). */
final class Shapes {
  static final ObjectMapper JSON = new ObjectMapper();

  private final ControlPlane plane;

  Shapes(ControlPlane plane) {
    this.plane = plane;
  }

  /** The FunctionConfiguration shape of {@code $LATEST} or a published version. */
  ObjectNode configuration(Store.Version v) {
    FunctionConfiguration c = v.config();
    ObjectNode n = JSON.createObjectNode();
    n.put("FunctionName", c.functionName());
    n.put("FunctionArn", v.version().equals(FunctionId.LATEST) ? plane.arn(c.functionName())
        : plane.arn(c.functionName()) + ":" + v.version());
    n.put("Runtime", c.runtime());
    if (c.role() != null) {
      n.put("Role", c.role());
    }
    n.put("Handler", c.handler());
    n.put("CodeSize", v.code().size());
    n.put("Description", c.description());
    n.put("Timeout", c.timeoutSeconds());
    n.put("MemorySize", c.memorySizeMb());
    n.put("LastModified", v.lastModified());
    n.put("CodeSha256", v.code().sha256());
    n.put("Version", v.version());
    if (!c.environment().isEmpty()) {
      ObjectNode vars = n.putObject("Environment").putObject("Variables");
      c.environment().forEach(vars::put);
    }
    n.putObject("TracingConfig").put("Mode", "PassThrough");
    n.put("RevisionId", v.revisionId());
    if (!v.layers().isEmpty()) {
      ArrayNode ls = n.putArray("Layers");
      v.layers().forEach(l -> ls.addObject().put("Arn", l.arn()).put("CodeSize", l.code().size()));
    }
    n.put("State", v.state());
    if ("Pending".equals(v.state())) {
      n.put("StateReason", "The function is being created.");
      n.put("StateReasonCode", "Creating");
    }
    n.put("LastUpdateStatus", v.lastUpdateStatus());
    if ("InProgress".equals(v.lastUpdateStatus())) {
      boolean creating = "Pending".equals(v.state());
      n.put("LastUpdateStatusReason", creating ? "The function is being created." : "The function is being updated.");
      n.put("LastUpdateStatusReasonCode", creating ? "Creating" : "Updating");
    }
    n.put("PackageType", "Zip");
    n.putArray("Architectures").add(c.architecture().lambdaName());
    n.putObject("EphemeralStorage").put("Size", c.ephemeralStorageMb());
    ObjectNode log = n.putObject("LoggingConfig").put("LogFormat", c.logging().logFormat());
    if (c.logging().applicationLogLevel() != null) {
      log.put("ApplicationLogLevel", c.logging().applicationLogLevel());
    }
    if (c.logging().systemLogLevel() != null) {
      log.put("SystemLogLevel", c.logging().systemLogLevel());
    }
    log.put("LogGroup", c.logging().logGroup());
    n.putObject("SnapStart").put("ApplyOn", "None").put("OptimizationStatus", "Off");
    return n;
  }

  ObjectNode alias(String functionName, Store.Alias a) {
    ObjectNode n = JSON.createObjectNode();
    n.put("AliasArn", plane.arn(functionName) + ":" + a.name());
    n.put("Name", a.name());
    n.put("FunctionVersion", a.functionVersion());
    n.put("Description", a.description());
    n.put("RevisionId", a.revisionId());
    if (!a.weights().isEmpty()) {
      ObjectNode w = n.putObject("RoutingConfig").putObject("AdditionalVersionWeights");
      a.weights().forEach(w::put);
    }
    return n;
  }

  String layerArn(String name) {
    return "arn:aws:lambda:" + plane.region + ":" + plane.account + ":layer:" + name;
  }

  /** LayerVersionsListItem. */
  ObjectNode layerVersionItem(Store.LayerVersion v) {
    ObjectNode n = JSON.createObjectNode();
    n.put("LayerVersionArn", layerArn(v.name()) + ":" + v.version());
    n.put("Version", v.version());
    n.put("Description", v.description());
    n.put("CreatedDate", v.createdDate());
    if (!v.compatibleRuntimes().isEmpty()) {
      v.compatibleRuntimes().forEach(n.putArray("CompatibleRuntimes")::add);
    }
    if (!v.compatibleArchitectures().isEmpty()) {
      v.compatibleArchitectures().forEach(n.putArray("CompatibleArchitectures")::add);
    }
    if (v.licenseInfo() != null) {
      n.put("LicenseInfo", v.licenseInfo());
    }
    return n;
  }

  /** GetLayerVersionResponse / PublishLayerVersionResponse. */
  ObjectNode layerVersion(Store.LayerVersion v) {
    ObjectNode n = layerVersionItem(v);
    n.put("LayerArn", layerArn(v.name()));
    n.putObject("Content")
        .put("Location", plane.code.path(v.code().sha256()).toUri().toString())
        .put("CodeSha256", v.code().sha256())
        .put("CodeSize", v.code().size());
    return n;
  }
}
