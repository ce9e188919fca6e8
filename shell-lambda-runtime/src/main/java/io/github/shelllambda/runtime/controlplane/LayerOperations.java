package io.github.shelllambda.runtime.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.shelllambda.runtime.function.ResourceNotFoundException;
import io.github.shelllambda.runtime.http.HttpRequest;
import io.github.shelllambda.runtime.http.HttpResponse;
import io.github.shelllambda.runtime.lambdaapi.LambdaApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Layers: PublishLayerVersion (every call a new version, numbers never reused), GetLayerVersion,
 * GetLayerVersionByArn, ListLayerVersions (newest first), ListLayers, DeleteLayerVersion. A
 * deleted version's zip stays in the code store: the functions that resolved it keep running it.
 */
final class LayerOperations {
  private static final String LAYERS = "/2018-10-31/layers";
  private static final Pattern LAYER_NAME = Pattern.compile("[a-zA-Z0-9-_]{1,64}");
  private static final Pattern LAYER_ARN =
      Pattern.compile("arn:[a-zA-Z0-9-]+:lambda:([a-zA-Z0-9-]+):(\\d{12}):layer:([a-zA-Z0-9-_]+)");
  private static final Pattern LAYER_VERSION_ARN = Operations.LAYER_VERSION_ARN;

  private final ControlPlane plane;
  private final Operations ops;
  private final Shapes shapes;

  LayerOperations(ControlPlane plane, Operations ops, Shapes shapes) {
    this.plane = plane;
    this.ops = ops;
    this.shapes = shapes;
  }

  List<LambdaApi.Route> routes() {
    String version = LAYERS + "/{LayerName}/versions/{VersionNumber}";
    return List.of(
        ControlPlane.row("PublishLayerVersion", "POST", LAYERS + "/{LayerName}/versions", this::publishLayerVersion),
        ControlPlane.row("ListLayerVersions", "GET", LAYERS + "/{LayerName}/versions", this::listLayerVersions),
        ControlPlane.row("GetLayerVersion", "GET", version, this::getLayerVersion),
        ControlPlane.row("DeleteLayerVersion", "DELETE", version, this::deleteLayerVersion),
        // one handler: a find other than LayerVersion gets the service's validation message
        ControlPlane.row("GetLayerVersionByArn", "GET", LAYERS + "?find=LayerVersion", this::listLayersOrFind),
        ControlPlane.row("ListLayers", "GET", LAYERS, this::listLayersOrFind));
  }

  private HttpResponse publishLayerVersion(HttpRequest r, List<String> p) {
    JsonNode b = Operations.body(r, "PublishLayerVersion");
    String name = layerName(p.get(0));
    JsonNode content = b.path("Content");
    if (!content.isObject()) {
      throw new ValidationException(Operations.validation(null, "content", "Member must not be null"));
    }
    byte[] zip = Operations.zipFile(content, "Content", "PublishLayerVersion");
    List<String> runtimes = Operations.strings(b.path("CompatibleRuntimes"), "CompatibleRuntimes");
    List<String> archs = Operations.strings(b.path("CompatibleArchitectures"), "CompatibleArchitectures");
    for (String a : archs) {
      if (!a.equals("x86_64") && !a.equals("arm64")) {
        throw new ValidationException(Operations.validation(archs.toString(), "compatibleArchitectures",
            "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]"));
      }
    }
    CodeStore.Stored stored = ops.store(zip);
    synchronized (plane) {
      Store.Layer l = plane.layers.computeIfAbsent(name, Store.Layer::new);
      int n = ++l.lastVersion;
      Store.LayerVersion v = new Store.LayerVersion(name, n, b.path("Description").asText(""), runtimes, archs,
          Operations.textOrNull(b, "LicenseInfo"), stored.code(), ControlPlane.now());
      l.versions.put(n, v);
      plane.persist();
      ops.log("PublishLayerVersion " + name + ":" + n + " (CodeSha256 " + stored.code().sha256() + ")");
      return Operations.json(201, shapes.layerVersion(v));
    }
  }

  private HttpResponse getLayerVersion(HttpRequest r, List<String> p) {
    synchronized (plane) {
      return Operations.json(200, shapes.layerVersion(layerVersion(layerName(p.get(0)), layerVersionNumber(p.get(1)))));
    }
  }

  private HttpResponse deleteLayerVersion(HttpRequest r, List<String> p) {
    String name = layerName(p.get(0));
    int n = layerVersionNumber(p.get(1));
    synchronized (plane) {
      Store.Layer l = plane.layers.get(name);
      if (l != null && l.versions.remove(n) != null) {
        plane.persist(); // the zip stays: functions that resolved this version keep running it, as on Lambda
        ops.log("DeleteLayerVersion " + name + ":" + n);
      }
      return HttpResponse.empty(204);
    }
  }

  private HttpResponse listLayerVersions(HttpRequest r, List<String> p) {
    String name = layerName(p.get(0));
    Optional<String> runtime = Operations.query(r, "CompatibleRuntime");
    Optional<String> arch = Operations.query(r, "CompatibleArchitecture");
    synchronized (plane) {
      Store.Layer l = plane.layers.get(name);
      List<Store.LayerVersion> items = new ArrayList<>();
      if (l != null) {
        for (Store.LayerVersion v : l.versions.descendingMap().values()) {
          if (matches(v, runtime, arch)) {
            items.add(v);
          }
        }
      }
      return Operations.json(200, Operations.page(r, items, v -> String.format("%010d", Integer.MAX_VALUE - v.version()),
          shapes::layerVersionItem, "LayerVersions", 50));
    }
  }

  private HttpResponse listLayersOrFind(HttpRequest r, List<String> p) {
    if (Operations.query(r, "find").isPresent()) {
      if (!Operations.query(r, "find").get().equals("LayerVersion")) {
        throw new ValidationException(Operations.validation(Operations.query(r, "find").get(), "find",
            "Member must satisfy enum value set: [LayerVersion]"));
      }
      String arn = Operations.query(r, "Arn").orElseThrow(
          () -> new ValidationException(Operations.validation(null, "arn", "Member must not be null")));
      Matcher m = LAYER_VERSION_ARN.matcher(arn);
      if (!m.matches()) {
        throw new ValidationException(Operations.validation(arn, "arn", "Member must satisfy regular expression pattern:"
            + " arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+"));
      }
      synchronized (plane) {
        if (!m.group(1).equals(plane.region) || !m.group(2).equals(plane.account)) {
          throw new ResourceNotFoundException("The resource you requested does not exist.");
        }
        return Operations.json(200, shapes.layerVersion(layerVersion(m.group(3), ControlPlane.parseVersion(m.group(4)))));
      }
    }
    Optional<String> runtime = Operations.query(r, "CompatibleRuntime");
    Optional<String> arch = Operations.query(r, "CompatibleArchitecture");
    synchronized (plane) {
      List<ObjectNode> items = new ArrayList<>();
      for (Store.Layer l : plane.layers.values()) {
        for (Store.LayerVersion v : l.versions.descendingMap().values()) {
          if (matches(v, runtime, arch)) {
            ObjectNode n = Shapes.JSON.createObjectNode();
            n.put("LayerName", l.name).put("LayerArn", shapes.layerArn(l.name));
            n.set("LatestMatchingVersion", shapes.layerVersionItem(v));
            items.add(n);
            break;
          }
        }
      }
      return Operations.json(200, Operations.page(r, items, n -> n.path("LayerName").asText(), n -> n, "Layers", 50));
    }
  }

  private static boolean matches(Store.LayerVersion v, Optional<String> runtime, Optional<String> arch) {
    return runtime.map(v.compatibleRuntimes()::contains).orElse(true)
        && arch.map(v.compatibleArchitectures()::contains).orElse(true);
  }

  private Store.LayerVersion layerVersion(String name, int version) {
    Store.Layer l = plane.layers.get(name);
    Store.LayerVersion v = l == null ? null : l.versions.get(version);
    if (v == null) {
      throw new ResourceNotFoundException("The resource you requested does not exist.");
    }
    return v;
  }

  private String layerName(String nameOrArn) {
    Matcher m = LAYER_ARN.matcher(nameOrArn);
    if (m.matches()) {
      return m.group(3);
    }
    if (!LAYER_NAME.matcher(nameOrArn).matches()) {
      throw new ValidationException(Operations.validation(nameOrArn, "layerName", "Member must satisfy regular expression"
          + " pattern: (arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+"));
    }
    return nameOrArn;
  }

  private static int layerVersionNumber(String s) {
    if (!s.matches("[0-9]{1,9}")) {
      throw new ValidationException(Operations.validation(s, "versionNumber", "Member must be a number"));
    }
    return Integer.parseInt(s);
  }
}
