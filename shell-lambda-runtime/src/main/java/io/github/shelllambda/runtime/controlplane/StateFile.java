package io.github.shelllambda.runtime.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The plane's state in one JSON file, {@code state.json} under the state directory, replaced
 * atomically on every acknowledged change: written to {@code state.json.tmp}, forced to disk,
 * then renamed over the old one. A crash at any point leaves either the old or the new state,
 * never a half-written one; the zips it names are in the {@link CodeStore} before it names them.
 */
final class StateFile {
  static final int FORMAT = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Path tmp;

  StateFile(Path stateDirectory) {
    this.file = stateDirectory.resolve("state.json");
    this.tmp = stateDirectory.resolve("state.json.tmp");
  }

  Path path() {
    return file;
  }

  void write(Map<String, Store.Function> functions, Map<String, Store.Layer> layers) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    ArrayNode fs = root.putArray("functions");
    for (Store.Function f : functions.values()) {
      ObjectNode n = fs.addObject();
      n.put("name", f.name);
      n.put("lastVersionNumber", f.lastVersionNumber);
      n.put("publishedFromDescription", f.publishedFromDescription);
      n.set("latest", version(f.latest));
      ArrayNode vs = n.putArray("versions");
      f.versions.values().forEach(v -> vs.add(version(v)));
      ArrayNode as = n.putArray("aliases");
      for (Store.Alias a : f.aliases.values()) {
        ObjectNode an = as.addObject();
        an.put("name", a.name()).put("functionVersion", a.functionVersion()).put("description", a.description())
            .put("revisionId", a.revisionId());
        ObjectNode w = an.putObject("weights");
        a.weights().forEach(w::put);
      }
      ObjectNode tags = n.putObject("tags");
      f.tags.forEach(tags::put);
      if (f.reservedConcurrency != null) {
        n.put("reservedConcurrency", f.reservedConcurrency);
      }
      ArrayNode urls = n.putArray("urls");
      for (Store.UrlConfig u : f.urls.values()) {
        ObjectNode un = urls.addObject().put("urlId", u.urlId()).put("qualifier", u.qualifier())
            .put("authType", u.authType()).put("invokeMode", u.invokeMode()).put("creationTime", u.creationTime())
            .put("lastModifiedTime", u.lastModifiedTime());
        if (u.cors() != null) {
          un.set("cors", u.cors());
        }
      }
      ObjectNode policies = n.putObject("policies");
      f.policies.forEach((q, pol) -> {
        ObjectNode pn = policies.putObject(q).put("revisionId", pol.revisionId());
        ArrayNode st = pn.putArray("statements");
        pol.statements().values().forEach(st::add);
      });
    }
    ArrayNode ls = root.putArray("layers");
    for (Store.Layer l : layers.values()) {
      ObjectNode n = ls.addObject();
      n.put("name", l.name).put("lastVersion", l.lastVersion);
      ArrayNode vs = n.putArray("versions");
      for (Store.LayerVersion v : l.versions.values()) {
        ObjectNode vn = vs.addObject();
        vn.put("version", v.version()).put("description", v.description()).put("licenseInfo", v.licenseInfo())
            .put("createdDate", v.createdDate());
        v.compatibleRuntimes().forEach(vn.putArray("compatibleRuntimes")::add);
        v.compatibleArchitectures().forEach(vn.putArray("compatibleArchitectures")::add);
        vn.set("code", code(v.code()));
      }
    }
    Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Reads the state into the maps (cleared first); no file means an empty plane. */
  void read(Map<String, Store.Function> functions, Map<String, Store.Layer> layers) throws IOException {
    functions.clear();
    layers.clear();
    Files.deleteIfExists(tmp); // a write that never reached its rename: never acknowledged
    if (!Files.exists(file)) {
      return;
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + " cannot be read as the plane's state (" + e.getMessage() + "); it is only ever"
          + " replaced by a rename, so it was changed by hand: restore it or remove the state directory", e);
    }
    if (root.path("format").asInt() != FORMAT) {
      throw new IOException(file + " has state format " + root.path("format") + ", this plane reads format " + FORMAT
          + "; use the shell-lambda version that wrote it, or remove the state directory");
    }
    for (JsonNode n : root.path("functions")) {
      Store.Function f = new Store.Function(n.path("name").asText());
      f.lastVersionNumber = n.path("lastVersionNumber").asInt();
      f.publishedFromDescription = n.path("publishedFromDescription").asText(null);
      f.latest = version(n.path("latest"));
      f.serving = f.latest; // what ran before an update that was InProgress at the crash is not kept
      for (JsonNode v : n.path("versions")) {
        Store.Version ver = version(v);
        f.versions.put(Integer.parseInt(ver.version()), ver);
      }
      for (JsonNode a : n.path("aliases")) {
        Map<String, Double> w = new TreeMap<>();
        a.path("weights").fields().forEachRemaining(e -> w.put(e.getKey(), e.getValue().asDouble()));
        f.aliases.put(a.path("name").asText(), new Store.Alias(a.path("name").asText(),
            a.path("functionVersion").asText(), a.path("description").asText(), w, a.path("revisionId").asText()));
      }
      n.path("tags").fields().forEachRemaining(e -> f.tags.put(e.getKey(), e.getValue().asText()));
      if (n.has("reservedConcurrency")) {
        f.reservedConcurrency = n.get("reservedConcurrency").asInt();
      }
      for (JsonNode u : n.path("urls")) {
        f.urls.put(u.path("qualifier").asText(), new Store.UrlConfig(u.path("urlId").asText(),
            u.path("qualifier").asText(), u.path("authType").asText(),
            u.path("cors").isObject() ? (ObjectNode) u.get("cors") : null, u.path("invokeMode").asText(),
            u.path("creationTime").asText(), u.path("lastModifiedTime").asText()));
      }
      n.path("policies").fields().forEachRemaining(e -> {
        Map<String, ObjectNode> st = new LinkedHashMap<>();
        e.getValue().path("statements").forEach(s -> st.put(s.path("Sid").asText(), (ObjectNode) s));
        f.policies.put(e.getKey(), new Store.Policy(st, e.getValue().path("revisionId").asText()));
      });
      functions.put(f.name, f);
    }
    for (JsonNode n : root.path("layers")) {
      Store.Layer l = new Store.Layer(n.path("name").asText());
      l.lastVersion = n.path("lastVersion").asInt();
      for (JsonNode v : n.path("versions")) {
        l.versions.put(v.path("version").asInt(), new Store.LayerVersion(l.name, v.path("version").asInt(),
            v.path("description").asText(), strings(v.path("compatibleRuntimes")),
            strings(v.path("compatibleArchitectures")), v.path("licenseInfo").asText(null), code(v.path("code")),
            v.path("createdDate").asText()));
      }
      layers.put(l.name, l);
    }
  }

  private static ObjectNode version(Store.Version v) {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", v.version()).put("lastModified", v.lastModified()).put("revisionId", v.revisionId())
        .put("state", v.state()).put("lastUpdateStatus", v.lastUpdateStatus());
    n.set("code", code(v.code()));
    ArrayNode ls = n.putArray("layers");
    for (Store.ResolvedLayer l : v.layers()) {
      ls.addObject().put("arn", l.arn()).set("code", code(l.code()));
    }
    FunctionConfiguration c = v.config();
    ObjectNode cn = n.putObject("config");
    cn.put("functionName", c.functionName()).put("runtime", c.runtime()).put("handler", c.handler())
        .put("architecture", c.architecture().lambdaName()).put("memorySizeMb", c.memorySizeMb())
        .put("timeoutSeconds", c.timeoutSeconds()).put("ephemeralStorageMb", c.ephemeralStorageMb())
        .put("description", c.description()).put("role", c.role());
    ObjectNode env = cn.putObject("environment");
    c.environment().forEach(env::put);
    c.layers().forEach(cn.putArray("layers")::add);
    cn.putObject("logging").put("logFormat", c.logging().logFormat())
        .put("applicationLogLevel", c.logging().applicationLogLevel())
        .put("systemLogLevel", c.logging().systemLogLevel()).put("logGroup", c.logging().logGroup());
    return n;
  }

  private static Store.Version version(JsonNode n) {
    JsonNode cn = n.path("config");
    Map<String, String> env = new LinkedHashMap<>();
    cn.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    JsonNode lg = cn.path("logging");
    FunctionConfiguration c = FunctionConfiguration.builder(cn.path("functionName").asText())
        .runtime(cn.path("runtime").asText()).handler(cn.path("handler").asText())
        .architecture(cn.path("architecture").asText()).memorySizeMb(cn.path("memorySizeMb").asInt())
        .timeoutSeconds(cn.path("timeoutSeconds").asInt()).ephemeralStorageMb(cn.path("ephemeralStorageMb").asInt())
        .description(cn.path("description").asText()).role(cn.path("role").asText(null)).environment(env)
        .layers(strings(cn.path("layers")))
        .logging(new FunctionConfiguration.Logging(lg.path("logFormat").asText(), lg.path("applicationLogLevel").asText(null),
            lg.path("systemLogLevel").asText(null), lg.path("logGroup").asText()))
        .build();
    List<Store.ResolvedLayer> layers = new ArrayList<>();
    for (JsonNode l : n.path("layers")) {
      layers.add(new Store.ResolvedLayer(l.path("arn").asText(), code(l.path("code"))));
    }
    return new Store.Version(n.path("version").asText(), c, code(n.path("code")), layers,
        n.path("lastModified").asText(), n.path("revisionId").asText(), n.path("state").asText(),
        n.path("lastUpdateStatus").asText());
  }

  private static ObjectNode code(Store.Code c) {
    return JSON.createObjectNode().put("sha256", c.sha256()).put("size", c.size()).put("unzippedSize", c.unzippedSize());
  }

  private static Store.Code code(JsonNode n) {
    return new Store.Code(n.path("sha256").asText(), n.path("size").asLong(), n.path("unzippedSize").asLong());
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }
}
