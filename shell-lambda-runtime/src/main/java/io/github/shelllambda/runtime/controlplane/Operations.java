package io.github.shelllambda.runtime.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import io.github.shelllambda.runtime.function.FunctionId;
import io.github.shelllambda.runtime.function.InvalidFunctionConfigurationException;
import io.github.shelllambda.runtime.function.InvalidRequestContentException;
import io.github.shelllambda.runtime.function.RequestTooLargeException;
import io.github.shelllambda.runtime.function.ResourceNotFoundException;
import io.github.shelllambda.runtime.http.HttpRequest;
import io.github.shelllambda.runtime.http.HttpResponse;
import io.github.shelllambda.runtime.lambdaapi.LambdaApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The control-plane operations of the Lambda API: request shapes in (JSON, path and query as the
 * service model places them), the plane's state changed under its lock and written before the
 * answer, output shapes out. Errors are the service's exceptions with its messages where they
 * are known.
 */
final class Operations {
  private static final String FN = "/2015-03-31/functions/{FunctionName}";
  private static final Pattern ALIAS_NAME = Pattern.compile("(?!^[0-9]+$)([a-zA-Z0-9-_]+)");
  private static final Pattern FUNCTION_VERSION = Pattern.compile("(\\$LATEST|[0-9]+)");
  static final Pattern LAYER_VERSION_ARN =
      Pattern.compile("arn:[a-zA-Z0-9-]+:lambda:([a-zA-Z0-9-]+):(\\d{12}):layer:([a-zA-Z0-9-_]+):([0-9]+)");
  private static final String UPDATE_IN_PROGRESS =
      "The operation cannot be performed at this time. An update is in progress for resource: ";
  private static final String STALE_REVISION =
      "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve"
          + " the latest Revision Id";

  private final ControlPlane plane;
  private final Shapes shapes;

  Operations(ControlPlane plane) {
    this.plane = plane;
    this.shapes = new Shapes(plane);
  }

  /** The rows, with the request URIs of the service model. */
  List<LambdaApi.Route> routes() {
    List<LambdaApi.Route> rows = new ArrayList<>(List.of(
        ControlPlane.row("CreateFunction", "POST", "/2015-03-31/functions", this::createFunction),
        ControlPlane.row("ListFunctions", "GET", "/2015-03-31/functions/", this::listFunctions),
        ControlPlane.row("GetFunction", "GET", FN, this::getFunction),
        ControlPlane.row("DeleteFunction", "DELETE", FN, this::deleteFunction),
        ControlPlane.row("GetFunctionConfiguration", "GET", FN + "/configuration", this::getFunctionConfiguration),
        ControlPlane.row("UpdateFunctionConfiguration", "PUT", FN + "/configuration", this::updateConfiguration),
        ControlPlane.row("UpdateFunctionCode", "PUT", FN + "/code", this::updateCode),
        ControlPlane.row("PublishVersion", "POST", FN + "/versions", this::publishVersion),
        ControlPlane.row("ListVersionsByFunction", "GET", FN + "/versions", this::listVersions),
        ControlPlane.row("CreateAlias", "POST", FN + "/aliases", this::createAlias),
        ControlPlane.row("ListAliases", "GET", FN + "/aliases", this::listAliases),
        ControlPlane.row("GetAlias", "GET", FN + "/aliases/{Name}", this::getAlias),
        ControlPlane.row("UpdateAlias", "PUT", FN + "/aliases/{Name}", this::updateAlias),
        ControlPlane.row("DeleteAlias", "DELETE", FN + "/aliases/{Name}", this::deleteAlias),
        ControlPlane.row("PutFunctionConcurrency", "PUT", "/2017-10-31/functions/{FunctionName}/concurrency",
            this::putConcurrency),
        ControlPlane.row("DeleteFunctionConcurrency", "DELETE", "/2017-10-31/functions/{FunctionName}/concurrency",
            this::deleteConcurrency),
        ControlPlane.row("GetFunctionConcurrency", "GET", "/2019-09-30/functions/{FunctionName}/concurrency",
            this::getConcurrency),
        ControlPlane.row("TagResource", "POST", "/2017-03-31/tags/{Resource}", this::tagResource),
        ControlPlane.row("UntagResource", "DELETE", "/2017-03-31/tags/{Resource}", this::untagResource),
        ControlPlane.row("ListTags", "GET", "/2017-03-31/tags/{Resource}", this::listTags)));
    rows.addAll(new LayerOperations(plane, this, shapes).routes());
    return rows;
  }

  // ---------------------------------------------------------------- functions

  private HttpResponse createFunction(HttpRequest r, List<String> p) {
    JsonNode b = body(r, "CreateFunction");
    String name = requiredText(b, "FunctionName", "functionName");
    FunctionId.Reference ref = reference(name);
    if (ref.qualifier().isPresent()) {
      throw new InvalidParameterValueException("Unsupported function name: a qualifier (" + ref.qualifier().get()
          + ") cannot be part of CreateFunction's FunctionName");
    }
    if ("Image".equals(b.path("PackageType").asText())) {
      throw new InvalidParameterValueException("PackageType Image is not supported by the shell-lambda local control"
          + " plane: shell functions are Zip packages on provided.al2023");
    }
    JsonNode codeNode = b.path("Code");
    if (!codeNode.isObject()) {
      throw new ValidationException(validation(null, "code", "Member must not be null"));
    }
    byte[] zip = zipFile(codeNode, "Code", "CreateFunction");
    if (textOrNull(b, "Role") == null) {
      throw new ValidationException(validation(null, "role", "Member must not be null"));
    }
    if (textOrNull(b, "Runtime") == null || textOrNull(b, "Handler") == null) {
      throw new InvalidParameterValueException(
          "Runtime and Handler are mandatory parameters for functions created with deployment packages.");
    }
    FunctionConfiguration config =
        configure(FunctionConfiguration.builder(ref.name()).architecture("x86_64"), b, ref.name());
    CodeStore.Stored stored = store(zip);
    synchronized (plane) {
      if (plane.functions.containsKey(ref.name())) {
        throw new ResourceConflictException("Function already exist: " + ref.name());
      }
      List<Store.ResolvedLayer> layers = resolveLayers(config.layers());
      checkUnzipped(stored.code(), layers);
      Store.Function f = new Store.Function(ref.name());
      f.latest = new Store.Version(FunctionId.LATEST, config, stored.code(), layers, ControlPlane.now(),
          ControlPlane.newRevisionId(), "Pending", "InProgress");
      b.path("Tags").fields().forEachRemaining(e -> f.tags.put(e.getKey(), e.getValue().asText()));
      plane.functions.put(f.name, f);
      Store.Version answered = f.latest;
      if (b.path("Publish").asBoolean(false)) {
        answered = newVersion(f, config.description());
      }
      plane.persist();
      ObjectNode out = shapes.configuration(answered);
      plane.settleLater(f.name, f.latest.revisionId());
      log("CreateFunction " + f.name + " (CodeSha256 " + stored.code().sha256() + ")");
      return json(201, out);
    }
  }

  private HttpResponse getFunction(HttpRequest r, List<String> p) {
    synchronized (plane) {
      FunctionId.Reference ref = reference(p.get(0));
      Store.Function f = function(ref);
      Optional<String> q = qualifier(r, ref);
      Store.Version v = resolve(f, q);
      ObjectNode out = Shapes.JSON.createObjectNode();
      out.set("Configuration", shapes.configuration(v));
      out.putObject("Code").put("RepositoryType", "S3")
          .put("Location", plane.code.path(v.code().sha256()).toUri().toString());
      if (q.isEmpty()) {
        ObjectNode tags = out.putObject("Tags");
        f.tags.forEach(tags::put);
      }
      if (f.reservedConcurrency != null) {
        out.putObject("Concurrency").put("ReservedConcurrentExecutions", f.reservedConcurrency);
      }
      return json(200, out);
    }
  }

  private HttpResponse getFunctionConfiguration(HttpRequest r, List<String> p) {
    synchronized (plane) {
      FunctionId.Reference ref = reference(p.get(0));
      Store.Function f = function(ref);
      return json(200, shapes.configuration(resolve(f, qualifier(r, ref))));
    }
  }

  private HttpResponse listFunctions(HttpRequest r, List<String> p) {
    boolean all = query(r, "FunctionVersion").map(v -> {
      if (!v.equals("ALL")) {
        throw new ValidationException(validation(v, "functionVersion", "Member must satisfy enum value set: [ALL]"));
      }
      return true;
    }).orElse(false);
    synchronized (plane) {
      List<Store.Version> items = new ArrayList<>();
      for (Store.Function f : plane.functions.values()) {
        items.add(f.latest);
        if (all) {
          items.addAll(f.versions.values());
        }
      }
      return json(200, page(r, items, v -> sortKey(v.config().functionName(), v.version()), shapes::configuration,
          "Functions", 50));
    }
  }

  private HttpResponse deleteFunction(HttpRequest r, List<String> p) {
    List<Runnable> after = new ArrayList<>();
    synchronized (plane) {
      FunctionId.Reference ref = reference(p.get(0));
      Store.Function f = function(ref);
      Optional<String> q = qualifier(r, ref);
      if (q.isEmpty()) {
        plane.functions.remove(f.name);
        plane.persist();
        after.add(() -> plane.runners.close(f.name, null));
        log("DeleteFunction " + f.name);
      } else {
        String v = q.get();
        if (v.equals(FunctionId.LATEST)) {
          throw new InvalidParameterValueException("$LATEST version cannot be deleted without deleting the function.");
        }
        if (!v.matches("[0-9]+")) {
          throw new InvalidParameterValueException("Deletion of aliases is not supported.");
        }
        if (!f.versions.containsKey(ControlPlane.parseVersion(v))) {
          throw new ResourceNotFoundException("Function not found: " + plane.arn(f.name) + ":" + v);
        }
        List<String> users = new ArrayList<>();
        for (Store.Alias a : f.aliases.values()) {
          if (a.functionVersion().equals(v) || a.weights().containsKey(v)) {
            users.add(a.name());
          }
        }
        if (!users.isEmpty()) {
          throw new ResourceConflictException(
              "Unable to delete version because the following aliases reference it: " + users);
        }
        f.versions.remove(ControlPlane.parseVersion(v));
        f.policies.remove(v);
        plane.persist();
        after.add(() -> plane.runners.close(f.name, v));
        log("DeleteFunction " + f.name + ":" + v);
      }
    }
    after.forEach(Runnable::run);
    return HttpResponse.empty(204);
  }

  private HttpResponse updateConfiguration(HttpRequest r, List<String> p) {
    JsonNode b = body(r, "UpdateFunctionConfiguration");
    synchronized (plane) {
      FunctionId.Reference ref = reference(p.get(0));
      Store.Function f = function(ref);
      latestOnly(ref);
      requireSettled(f);
      checkRevision(b, f.latest.revisionId());
      FunctionConfiguration config = configure(f.latest.config().toBuilder(), b, f.name);
      List<Store.ResolvedLayer> layers = b.has("Layers") ? resolveLayers(config.layers()) : f.latest.layers();
      checkUnzipped(f.latest.code(), layers);
      f.latest = f.latest.with(config, f.latest.code(), layers, ControlPlane.now(), ControlPlane.newRevisionId(),
          f.latest.state(), "InProgress");
      plane.persist();
      ObjectNode out = shapes.configuration(f.latest);
      plane.settleLater(f.name, f.latest.revisionId());
      log("UpdateFunctionConfiguration " + f.name);
      return json(200, out);
    }
  }

  private HttpResponse updateCode(HttpRequest r, List<String> p) {
    JsonNode b = body(r, "UpdateFunctionCode");
    byte[] zip = zipFile(b, "", "UpdateFunctionCode");
    CodeStore.Stored stored = store(zip);
    synchronized (plane) {
      FunctionId.Reference ref = reference(p.get(0));
      Store.Function f = function(ref);
      latestOnly(ref);
      requireSettled(f);
      checkRevision(b, f.latest.revisionId());
      FunctionConfiguration config = f.latest.config();
      if (b.has("Architectures") && !b.get("Architectures").isNull()) {
        config = configure(config.toBuilder(), architecturesOnly(b), f.name);
      }
      checkUnzipped(stored.code(), f.latest.layers());
      Store.Version updated = f.latest.with(config, stored.code(), f.latest.layers(), ControlPlane.now(),
          ControlPlane.newRevisionId(), f.latest.state(), "InProgress");
      if (b.path("DryRun").asBoolean(false)) {
        return json(200, shapes.configuration(updated));
      }
      f.latest = updated;
      Store.Version answered = f.latest;
      if (b.path("Publish").asBoolean(false)) {
        answered = publishIfChanged(f, null);
      }
      plane.persist();
      ObjectNode out = shapes.configuration(answered);
      plane.settleLater(f.name, f.latest.revisionId());
      log("UpdateFunctionCode " + f.name + " (CodeSha256 " + stored.code().sha256() + ")");
      return json(200, out);
    }
  }

  // ---------------------------------------------------------------- versions

  private HttpResponse publishVersion(HttpRequest r, List<String> p) {
    JsonNode b = body(r, "PublishVersion");
    synchronized (plane) {
      FunctionId.Reference ref = reference(p.get(0));
      Store.Function f = function(ref);
      latestOnly(ref);
      requireSettled(f);
      checkRevision(b, f.latest.revisionId());
      String sha = textOrNull(b, "CodeSha256");
      if (sha != null && !sha.equals(f.latest.code().sha256())) {
        throw new InvalidParameterValueException("CodeSHA256 (" + sha + ") is different from current CodeSHA256 in"
            + " $LATEST (" + f.latest.code().sha256() + "). Please try again with the CodeSHA256 in $LATEST.");
      }
      int before = f.lastVersionNumber;
      Store.Version v = publishIfChanged(f, textOrNull(b, "Description"));
      if (f.lastVersionNumber != before) {
        plane.persist();
        log("PublishVersion " + f.name + ":" + v.version());
      }
      return json(201, shapes.configuration(v));
    }
  }

  /**
   * A new version of $LATEST, or the newest version when nothing changed since it was published
   * (Lambda publishes no duplicate). The description counts as configuration: the newest version is
   * compared with $LATEST as it was when that version was published.
   */
  private Store.Version publishIfChanged(Store.Function f, String description) {
    if (!f.versions.isEmpty()) {
      Store.Version last = f.versions.lastEntry().getValue();
      String from = f.publishedFromDescription != null ? f.publishedFromDescription : last.config().description();
      FunctionConfiguration lastConfig = last.config().toBuilder().description(from).build();
      if (lastConfig.equals(f.latest.config()) && last.code().equals(f.latest.code())
          && last.layers().equals(f.latest.layers())) {
        return last;
      }
    }
    return newVersion(f, description == null ? f.latest.config().description() : description);
  }

  private Store.Version newVersion(Store.Function f, String description) {
    int n = ++f.lastVersionNumber;
    FunctionConfiguration c = f.latest.config().toBuilder().description(description).build();
    Store.Version v = new Store.Version(Integer.toString(n), c, f.latest.code(), f.latest.layers(), ControlPlane.now(),
        ControlPlane.newRevisionId(), "Active", "Successful");
    f.versions.put(n, v);
    f.publishedFromDescription = f.latest.config().description();
    return v;
  }

  private HttpResponse listVersions(HttpRequest r, List<String> p) {
    synchronized (plane) {
      FunctionId.Reference ref = reference(p.get(0));
      Store.Function f = function(ref);
      List<Store.Version> items = new ArrayList<>();
      items.add(f.latest);
      items.addAll(f.versions.values());
      return json(200, page(r, items, v -> sortKey(f.name, v.version()), shapes::configuration, "Versions", 50));
    }
  }

  // ---------------------------------------------------------------- aliases

  private HttpResponse createAlias(HttpRequest r, List<String> p) {
    JsonNode b = body(r, "CreateAlias");
    synchronized (plane) {
      FunctionId.Reference ref = reference(p.get(0));
      Store.Function f = function(ref);
      String name = requiredText(b, "Name", "name");
      checkAliasName(name);
      String version = requiredText(b, "FunctionVersion", "functionVersion");
      checkPrimary(f, version);
      Map<String, Double> weights = routing(f, version, b.path("RoutingConfig"));
      if (f.aliases.containsKey(name)) {
        throw new ResourceConflictException("Alias already exists: " + plane.arn(f.name) + ":" + name);
      }
      Store.Alias a = new Store.Alias(name, version, b.path("Description").asText(""), weights,
          ControlPlane.newRevisionId());
      f.aliases.put(name, a);
      plane.persist();
      log("CreateAlias " + f.name + ":" + name + " -> " + version + (weights.isEmpty() ? "" : " + " + weights));
      return json(201, shapes.alias(f.name, a));
    }
  }

  private HttpResponse getAlias(HttpRequest r, List<String> p) {
    synchronized (plane) {
      Store.Function f = function(reference(p.get(0)));
      return json(200, shapes.alias(f.name, alias(f, p.get(1))));
    }
  }

  private HttpResponse listAliases(HttpRequest r, List<String> p) {
    Optional<String> version = query(r, "FunctionVersion");
    synchronized (plane) {
      Store.Function f = function(reference(p.get(0)));
      List<Store.Alias> items = new ArrayList<>();
      for (Store.Alias a : f.aliases.values()) {
        if (version.isEmpty() || version.get().equals(a.functionVersion())) {
          items.add(a);
        }
      }
      return json(200, page(r, items, Store.Alias::name, a -> shapes.alias(f.name, a), "Aliases", 50));
    }
  }

  private HttpResponse updateAlias(HttpRequest r, List<String> p) {
    JsonNode b = body(r, "UpdateAlias");
    synchronized (plane) {
      Store.Function f = function(reference(p.get(0)));
      Store.Alias a = alias(f, p.get(1));
      String rev = textOrNull(b, "RevisionId");
      if (rev != null && !rev.equals(a.revisionId())) {
        throw new PreconditionFailedException(STALE_REVISION);
      }
      String version = Optional.ofNullable(textOrNull(b, "FunctionVersion")).orElse(a.functionVersion());
      checkPrimary(f, version);
      Map<String, Double> weights =
          b.has("RoutingConfig") && !b.get("RoutingConfig").isNull() ? routing(f, version, b.get("RoutingConfig"))
              : a.weights();
      if (!b.has("RoutingConfig") && weights.containsKey(version)) {
        throw new InvalidParameterValueException("Invalid function version " + version + ". Function version "
            + version + " is already included in routing configuration.");
      }
      String description = b.has("Description") ? b.path("Description").asText("") : a.description();
      Store.Alias updated = new Store.Alias(a.name(), version, description, weights, ControlPlane.newRevisionId());
      f.aliases.put(a.name(), updated);
      plane.persist();
      log("UpdateAlias " + f.name + ":" + a.name() + " -> " + version + (weights.isEmpty() ? "" : " + " + weights));
      return json(200, shapes.alias(f.name, updated));
    }
  }

  private HttpResponse deleteAlias(HttpRequest r, List<String> p) {
    synchronized (plane) {
      Store.Function f = function(reference(p.get(0)));
      if (f.aliases.remove(p.get(1)) != null) {
        f.urls.remove(p.get(1)); // the alias's URL config and policy go with it, as on Lambda
        f.policies.remove(p.get(1));
        plane.persist();
        log("DeleteAlias " + f.name + ":" + p.get(1));
      }
      return HttpResponse.empty(204);
    }
  }

  Store.Alias alias(Store.Function f, String name) {
    Store.Alias a = f.aliases.get(name);
    if (a == null) {
      throw new ResourceNotFoundException("Cannot find alias arn: " + plane.arn(f.name) + ":" + name);
    }
    return a;
  }

  private static void checkAliasName(String name) {
    if (name.length() > 128) {
      throw new ValidationException(validation(name, "name", "Member must have length less than or equal to 128"));
    }
    if (!ALIAS_NAME.matcher(name).matches()) {
      throw new ValidationException(validation(name, "name",
          "Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)"));
    }
  }

  private void checkPrimary(Store.Function f, String version) {
    if (!FUNCTION_VERSION.matcher(version).matches()) {
      throw new ValidationException(validation(version, "functionVersion",
          "Member must satisfy regular expression pattern: (\\$LATEST|[0-9]+)"));
    }
    if (!version.equals(FunctionId.LATEST) && !f.versions.containsKey(ControlPlane.parseVersion(version))) {
      throw new ResourceNotFoundException("Function not found: " + plane.arn(f.name) + ":" + version);
    }
  }

  /**
   * Lambda's rules for {@code RoutingConfig.AdditionalVersionWeights}: at most one extra version,
   * a published one other than the primary, weight 0.0..1.0, and a primary that is not $LATEST.
   */
  private Map<String, Double> routing(Store.Function f, String primary, JsonNode routingConfig) {
    Map<String, Double> out = new TreeMap<>();
    JsonNode w = routingConfig.path("AdditionalVersionWeights");
    if (w.isMissingNode() || w.isNull()) {
      return out;
    }
    if (!w.isObject()) {
      throw new InvalidRequestContentException("Could not parse request body into json: RoutingConfig."
          + "AdditionalVersionWeights must be an object of version -> weight");
    }
    if (w.size() > 1) {
      throw new InvalidParameterValueException("Number of items in AdditionalVersionWeights cannot be greater than 1");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = w.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode value = e.getValue();
      String shown = "{" + key + "=" + (value.isNumber() ? Double.toString(value.asDouble()) : value.asText()) + "}";
      if (!value.isNumber() || value.asDouble() < 0.0 || value.asDouble() > 1.0) {
        throw new ValidationException(validation(shown, "routingConfig.additionalVersionWeights",
            "Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have"
                + " value greater than or equal to 0.0, Member must not be null]"));
      }
      if (!key.matches("[0-9]+") || key.length() > 1024) {
        throw new ValidationException(validation(shown, "routingConfig.additionalVersionWeights",
            "Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have"
                + " length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+]"));
      }
      if (key.equals(primary)) {
        throw new InvalidParameterValueException("Invalid function version " + primary + ". Function version "
            + primary + " is already included in routing configuration.");
      }
      if (primary.equals(FunctionId.LATEST)) {
        throw new InvalidParameterValueException("$LATEST is not supported for an alias pointing to more than 1 version");
      }
      if (!f.versions.containsKey(ControlPlane.parseVersion(key))) {
        throw new ResourceNotFoundException("Function not found: " + plane.arn(f.name) + ":" + key);
      }
      out.put(key, value.asDouble());
    }
    return out;
  }

  // ---------------------------------------------------------------- concurrency and tags

  private HttpResponse putConcurrency(HttpRequest r, List<String> p) {
    JsonNode b = body(r, "PutFunctionConcurrency");
    if (!present(b, "ReservedConcurrentExecutions")) {
      throw new ValidationException(validation(null, "reservedConcurrentExecutions", "Member must not be null"));
    }
    int n = integer(b, "ReservedConcurrentExecutions");
    if (n < 0) {
      throw new ValidationException(validation(Integer.toString(n), "reservedConcurrentExecutions",
          "Member must have value greater than or equal to 0"));
    }
    synchronized (plane) {
      FunctionId.Reference ref = reference(p.get(0));
      Store.Function f = function(ref);
      latestOnly(ref);
      f.reservedConcurrency = n;
      plane.persist();
      log("PutFunctionConcurrency " + f.name + " = " + n);
      return json(200, Shapes.JSON.createObjectNode().put("ReservedConcurrentExecutions", n));
    }
  }

  private HttpResponse getConcurrency(HttpRequest r, List<String> p) {
    synchronized (plane) {
      Store.Function f = function(reference(p.get(0)));
      ObjectNode out = Shapes.JSON.createObjectNode();
      if (f.reservedConcurrency != null) {
        out.put("ReservedConcurrentExecutions", f.reservedConcurrency);
      }
      return json(200, out);
    }
  }

  private HttpResponse deleteConcurrency(HttpRequest r, List<String> p) {
    synchronized (plane) {
      Store.Function f = function(reference(p.get(0)));
      if (f.reservedConcurrency != null) {
        f.reservedConcurrency = null;
        plane.persist();
        log("DeleteFunctionConcurrency " + f.name);
      }
      return HttpResponse.empty(204);
    }
  }

  /** Tags live on the function (Lambda tags functions, not versions or aliases): the resource is its unqualified ARN. */
  private Store.Function taggable(String arn) {
    FunctionId.Reference ref = reference(arn);
    if (!arn.startsWith("arn:") || ref.qualifier().isPresent()) {
      throw new InvalidParameterValueException("Tags are only supported on functions: give the function's unqualified"
          + " ARN (arn:aws:lambda:" + plane.region + ":" + plane.account + ":function:<name>), not '" + arn + "'");
    }
    return function(ref);
  }

  private HttpResponse tagResource(HttpRequest r, List<String> p) {
    JsonNode b = body(r, "TagResource");
    if (!b.path("Tags").isObject()) {
      throw new ValidationException(validation(null, "tags", "Member must not be null"));
    }
    synchronized (plane) {
      Store.Function f = taggable(p.get(0));
      b.get("Tags").fields().forEachRemaining(e -> f.tags.put(e.getKey(), e.getValue().asText()));
      plane.persist();
      return HttpResponse.empty(204);
    }
  }

  private HttpResponse untagResource(HttpRequest r, List<String> p) {
    List<String> keys = queryAll(r, "tagKeys");
    synchronized (plane) {
      Store.Function f = taggable(p.get(0));
      keys.forEach(f.tags::remove);
      plane.persist();
      return HttpResponse.empty(204);
    }
  }

  private HttpResponse listTags(HttpRequest r, List<String> p) {
    synchronized (plane) {
      Store.Function f = taggable(p.get(0));
      ObjectNode out = Shapes.JSON.createObjectNode();
      ObjectNode tags = out.putObject("Tags");
      f.tags.forEach(tags::put);
      return json(200, out);
    }
  }

  /** A function's Layers, resolved against this plane's layer versions (at most 5 is FunctionConfiguration's rule). */
  private List<Store.ResolvedLayer> resolveLayers(List<String> arns) {
    List<Store.ResolvedLayer> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String arn : arns) {
      Matcher m = LAYER_VERSION_ARN.matcher(arn);
      Store.LayerVersion v = null;
      if (m.matches() && m.group(1).equals(plane.region) && m.group(2).equals(plane.account)) {
        Store.Layer l = plane.layers.get(m.group(3));
        v = l == null ? null : l.versions.get(ControlPlane.parseVersion(m.group(4)));
      }
      if (v == null) {
        throw new InvalidParameterValueException("Layer version " + arn + " does not exist.");
      }
      if (!names.add(v.name())) {
        throw new InvalidParameterValueException(
            "Two different versions of the same layer are not allowed to be referenced in the same function. " + arn
                + " is a second version of " + v.name() + ".");
      }
      out.add(new Store.ResolvedLayer(arn, v.code()));
    }
    return out;
  }

  private static void checkUnzipped(Store.Code code, List<Store.ResolvedLayer> layers) {
    long total = code.unzippedSize();
    for (Store.ResolvedLayer l : layers) {
      total += l.code().unzippedSize();
    }
    if (total > ControlPlane.MAX_UNZIPPED_BYTES) {
      throw new InvalidParameterValueException("Function code combined with layers exceeds the maximum allowed size of "
          + ControlPlane.MAX_UNZIPPED_BYTES + " bytes. The actual size is " + total + " bytes.");
    }
  }

  // ---------------------------------------------------------------- configuration

  /**
   * Applies the configuration fields of a CreateFunction / UpdateFunctionConfiguration request
   * and validates the result ({@link FunctionConfiguration}'s problems become
   * InvalidParameterValueException).
   */
  private static FunctionConfiguration configure(FunctionConfiguration.Builder c, JsonNode b, String name) {
    if (present(b, "Runtime")) c.runtime(text(b, "Runtime"));
    if (present(b, "Handler")) c.handler(text(b, "Handler"));
    if (present(b, "MemorySize")) c.memorySizeMb(integer(b, "MemorySize"));
    if (present(b, "Timeout")) c.timeoutSeconds(integer(b, "Timeout"));
    if (present(b, "Description")) c.description(text(b, "Description"));
    if (present(b, "Role")) c.role(text(b, "Role"));
    if (present(b, "Environment")) {
      Map<String, String> vars = new LinkedHashMap<>();
      JsonNode v = b.get("Environment").path("Variables");
      if (!v.isMissingNode() && !v.isNull() && !v.isObject()) {
        throw new InvalidRequestContentException("Could not parse request body into json: Environment.Variables must be"
            + " an object of name -> value");
      }
      v.fields().forEachRemaining(e -> vars.put(e.getKey(), e.getValue().asText()));
      c.environment(vars);
    }
    if (present(b, "Layers")) c.layers(strings(b.get("Layers"), "Layers"));
    if (present(b, "Architectures")) {
      List<String> archs = strings(b.get("Architectures"), "Architectures");
      if (archs.size() != 1) {
        throw new ValidationException(validation(archs.toString(), "architectures",
            "Member must have length less than or equal to 1, Member must have length greater than or equal to 1"));
      }
      c.architecture(archs.get(0));
    }
    if (present(b, "EphemeralStorage")) c.ephemeralStorageMb(integer(b.get("EphemeralStorage"), "Size"));
    if (present(b, "LoggingConfig")) {
      JsonNode l = b.get("LoggingConfig");
      c.logging(new FunctionConfiguration.Logging(
          l.path("LogFormat").asText("Text"), textOrNull(l, "ApplicationLogLevel"), textOrNull(l, "SystemLogLevel"),
          l.path("LogGroup").asText("/aws/lambda/" + name)));
    }
    try {
      return c.build();
    } catch (InvalidFunctionConfigurationException e) {
      throw new InvalidParameterValueException(e.getMessage());
    }
  }

  private static JsonNode architecturesOnly(JsonNode b) {
    ObjectNode n = Shapes.JSON.createObjectNode();
    n.set("Architectures", b.get("Architectures"));
    return n;
  }

  // ---------------------------------------------------------------- helpers

  Store.Function function(FunctionId.Reference ref) {
    if (ref.region().isPresent() && !ref.region().get().equals(plane.region)
        || ref.account().isPresent() && !ref.account().get().equals(plane.account)) {
      throw new ResourceNotFoundException("Function not found: " + ref.region().orElse(plane.region) + ":"
          + ref.account().orElse(plane.account) + ":function:" + ref.name() + " (this plane serves region "
          + plane.region + ", account " + plane.account + ")");
    }
    Store.Function f = plane.functions.get(ref.name());
    if (f == null) {
      throw new ResourceNotFoundException("Function not found: " + plane.arn(ref.name()));
    }
    return f;
  }

  static FunctionId.Reference reference(String nameOrArn) {
    try {
      FunctionId.Reference ref = FunctionId.Reference.parse(nameOrArn);
      if (!ref.name().matches("[a-zA-Z0-9-_]{1,64}")) {
        throw new IllegalArgumentException(nameOrArn);
      }
      return ref;
    } catch (IllegalArgumentException e) {
      throw new ValidationException(validation(nameOrArn, "functionName", "Member must satisfy regular expression"
          + " pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?"
          + "([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?"));
    }
  }

  private static Optional<String> qualifier(HttpRequest r, FunctionId.Reference ref) {
    Optional<String> q = query(r, "Qualifier");
    if (q.isPresent() && ref.qualifier().isPresent() && !q.equals(ref.qualifier())) {
      throw new InvalidParameterValueException("The derived qualifier from the function name does not match the"
          + " specified qualifier.");
    }
    return q.or(ref::qualifier);
  }

  static void latestOnly(FunctionId.Reference ref) {
    if (ref.qualifier().isPresent() && !ref.qualifier().get().equals(FunctionId.LATEST)) {
      throw new InvalidParameterValueException("Current operation does not support versions other than $LATEST."
          + " Please set version to $LATEST or do not set a version in your request.");
    }
  }

  /** $LATEST, a version, or (an alias) the version the alias points to. */
  private Store.Version resolve(Store.Function f, Optional<String> q) {
    if (q.isEmpty() || q.get().equals(FunctionId.LATEST)) {
      return f.latest;
    }
    String v = q.get();
    if (!v.matches("[0-9]+")) {
      Store.Alias a = f.aliases.get(v);
      if (a == null) {
        throw new ResourceNotFoundException("Function not found: " + plane.arn(f.name) + ":" + v);
      }
      v = a.functionVersion();
      if (v.equals(FunctionId.LATEST)) {
        return f.latest;
      }
    }
    Store.Version found = f.versions.get(ControlPlane.parseVersion(v));
    if (found == null) {
      throw new ResourceNotFoundException("Function not found: " + plane.arn(f.name) + ":" + v);
    }
    return found;
  }

  private void requireSettled(Store.Function f) {
    if ("Pending".equals(f.latest.state())) {
      throw new ResourceConflictException("The operation cannot be performed at this time. The function is currently"
          + " in the following state: Pending");
    }
    if ("InProgress".equals(f.latest.lastUpdateStatus())) {
      throw new ResourceConflictException(UPDATE_IN_PROGRESS + plane.arn(f.name));
    }
  }

  private static void checkRevision(JsonNode b, String current) {
    String rev = textOrNull(b, "RevisionId");
    if (rev != null && !rev.equals(current)) {
      throw new PreconditionFailedException(STALE_REVISION);
    }
  }

  /** The base64 ZipFile of a Code / Content object; S3 and image code are refused with the reason. */
  static byte[] zipFile(JsonNode code, String path, String operation) {
    String prefix = path.isEmpty() ? "" : path + ".";
    if (present(code, "S3Bucket") || present(code, "S3Key") || present(code, "S3ObjectVersion")) {
      throw new InvalidParameterValueException("Code from S3 (" + prefix + "S3Bucket / " + prefix + "S3Key) is not"
          + " supported by the shell-lambda local control plane: it has no S3. Send the zip itself in " + prefix
          + "ZipFile (up to 50 MB, the direct upload limit)");
    }
    if (present(code, "ImageUri")) {
      throw new InvalidParameterValueException("Container images (" + prefix + "ImageUri) are not supported by the"
          + " shell-lambda local control plane: send a zip in " + prefix + "ZipFile");
    }
    if (!present(code, "ZipFile")) {
      throw new InvalidParameterValueException("Please provide a source for function code.");
    }
    byte[] zip;
    try {
      zip = Base64.getMimeDecoder().decode(text(code, "ZipFile"));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestContentException("Could not parse request body into json: " + prefix + "ZipFile is not"
          + " base64 (" + e.getMessage() + ")");
    }
    if (zip.length > ControlPlane.MAX_ZIP_BYTES) {
      throw new RequestTooLargeException("Request must be smaller than " + ControlPlane.MAX_REQUEST_BYTES
          + " bytes for the " + operation + " operation");
    }
    return zip;
  }

  CodeStore.Stored store(byte[] zip) {
    try {
      return plane.code.put(zip);
    } catch (IOException e) {
      throw new ServiceException("The local control plane could not store the zip under " + plane.stateDirectory
          + ": " + e.getMessage());
    }
  }

  static JsonNode body(HttpRequest r, String operation) {
    if (r.bodyTooLarge()) {
      throw new RequestTooLargeException(
          "Request must be smaller than " + ControlPlane.MAX_REQUEST_BYTES + " bytes for the " + operation + " operation");
    }
    if (r.body().length == 0) {
      return Shapes.JSON.createObjectNode();
    }
    JsonNode n;
    try {
      n = Shapes.JSON.readTree(r.body());
    } catch (IOException e) {
      String m = String.valueOf(e instanceof com.fasterxml.jackson.core.JsonProcessingException j
          ? j.getOriginalMessage() : e.getMessage());
      throw new InvalidRequestContentException("Could not parse request body into json: " + m.lines().findFirst().orElse(m));
    }
    if (n == null || !n.isObject()) {
      throw new InvalidRequestContentException("Could not parse request body into json: " + operation
          + " takes a JSON object");
    }
    return n;
  }

  /** A page of a list, Lambda style: MaxItems (1..10000) and an opaque Marker naming the first item of the next page. */
  static <T> ObjectNode page(HttpRequest r, List<T> items, Function<T, String> key,
      Function<T, ObjectNode> render, String field, int defaultMax) {
    int max = query(r, "MaxItems").map(s -> {
      int n;
      try {
        n = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > 10000) {
        throw new ValidationException(validation(s, "maxItems",
            "Member must have value less than or equal to 10000, Member must have value greater than or equal to 1"));
      }
      return Math.min(n, defaultMax);
    }).orElse(defaultMax);
    String from = "";
    Optional<String> marker = query(r, "Marker");
    if (marker.isPresent()) {
      try {
        from = new String(Base64.getUrlDecoder().decode(marker.get()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new InvalidParameterValueException("Invalid marker: " + marker.get());
      }
    }
    List<T> sorted = new ArrayList<>(items);
    sorted.sort((a, b) -> key.apply(a).compareTo(key.apply(b)));
    ObjectNode out = Shapes.JSON.createObjectNode();
    ArrayNode list = out.putArray(field);
    for (T t : sorted) {
      String k = key.apply(t);
      if (k.compareTo(from) < 0) {
        continue;
      }
      if (list.size() == max) {
        out.put("NextMarker", Base64.getUrlEncoder().withoutPadding().encodeToString(k.getBytes(StandardCharsets.UTF_8)));
        break;
      }
      list.add(render.apply(t));
    }
    return out;
  }

  /** Functions by name, then $LATEST before the versions in numeric order. */
  private static String sortKey(String name, String version) {
    return name + "\u0000" + (version.equals(FunctionId.LATEST) ? "" : String.format("%010d", Integer.parseInt(version)));
  }

  static Optional<String> query(HttpRequest r, String name) {
    for (String pair : r.rawQuery().split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      if (!k.isEmpty() && URLDecoder.decode(k, StandardCharsets.UTF_8).equals(name)) {
        return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  static List<String> queryAll(HttpRequest r, String name) {
    List<String> out = new ArrayList<>();
    for (String pair : r.rawQuery().split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
        out.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  static boolean present(JsonNode b, String field) {
    return b.has(field) && !b.get(field).isNull();
  }

  static String textOrNull(JsonNode b, String field) {
    return present(b, field) ? text(b, field) : null;
  }

  static String text(JsonNode b, String field) {
    JsonNode n = b.get(field);
    if (!n.isTextual()) {
      throw new InvalidRequestContentException("Could not parse request body into json: " + field + " must be a string,"
          + " is " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return n.asText();
  }

  static String requiredText(JsonNode b, String field, String member) {
    if (!present(b, field)) {
      throw new ValidationException(validation(null, member, "Member must not be null"));
    }
    return text(b, field);
  }

  static int integer(JsonNode b, String field) {
    JsonNode n = b.path(field);
    if (!n.canConvertToInt() || !n.isIntegralNumber()) {
      throw new InvalidRequestContentException("Could not parse request body into json: " + field + " must be an"
          + " integer, is " + n);
    }
    return n.asInt();
  }

  static List<String> strings(JsonNode n, String field) {
    List<String> out = new ArrayList<>();
    if (n.isMissingNode() || n.isNull()) {
      return out;
    }
    if (!n.isArray()) {
      throw new InvalidRequestContentException("Could not parse request body into json: " + field + " must be a list");
    }
    n.forEach(e -> out.add(e.asText()));
    return out;
  }

  /** The service's wording for a value that breaks a constraint of a shape. */
  static String validation(String value, String member, String constraint) {
    return "1 validation error detected: Value " + (value == null ? "null" : "'" + value + "'") + " at '" + member + "' failed to satisfy constraint: "
        + constraint;
  }

  static HttpResponse json(int status, JsonNode body) {
    try {
      return HttpResponse.json(status, Shapes.JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void log(String line) {
    plane.logSink.line("[control plane] " + line);
  }
}
