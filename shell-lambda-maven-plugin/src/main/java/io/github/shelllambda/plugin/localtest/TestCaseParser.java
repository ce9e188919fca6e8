package io.github.shelllambda.plugin.localtest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.shelllambda.plugin.function.Suggestions;
import io.github.shelllambda.plugin.function.UrlInvokeMode;
import io.github.shelllambda.plugin.localtest.TestCase.ErrorExpectation;
import io.github.shelllambda.plugin.localtest.TestCase.ExpectedRequest;
import io.github.shelllambda.plugin.localtest.TestCase.HeaderExpectation;
import io.github.shelllambda.plugin.localtest.TestCase.HttpCall;
import io.github.shelllambda.plugin.localtest.TestCase.Invocation;
import io.github.shelllambda.plugin.localtest.TestCase.Stub;
import io.github.shelllambda.plugin.localtest.TestCase.Upstream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code *.case.json} files. Strict: unknown keys, wrong types, missing files and invalid
 * JSON are refused with a {@link TestCaseException} naming the file and the field. {@code //} and
 * {@code /* *}{@code /} comments are allowed.
 *
 * <p>Files a case names ({@code eventFile}, {@code responseFile}, {@code bodyFile}) are resolved
 * against the case file's folder and must be regular files inside the test-case folder ({@code
 * src/test/shell-lambda/}, the folder cases are discovered in), no larger than the limits below:
 * a path leading out of it ({@code ../../etc/passwd}, an absolute path, a symbolic link to
 * elsewhere), a named pipe or a device is refused before anything is opened, so a case can neither
 * serve the build machine's files nor hang or exhaust the build.
 */
public final class TestCaseParser {

  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private static final List<String> TOP =
      List.of("description", "environment", "maxDurationMs", "event", "eventFile", "eventText",
          "request", "expect", "upstream", "secrets");
  private static final List<String> EXPECT_INVOCATION =
      List.of("response", "responseFile", "responseText", "match", "error");
  private static final List<String> EXPECT_HTTP =
      List.of("status", "headers", "body", "bodyFile", "bodyText", "match", "streamed");
  private static final List<String> REQUEST =
      List.of("method", "path", "query", "headers", "body", "bodyText", "bodyFile", "invokeMode");

  /** The variable that makes the bootstrap stream and the local Function URL pass the stream on. */
  static final String STREAM_VARIABLE = UrlInvokeMode.STREAM_VARIABLE;
  private static final List<String> ERROR = List.of("errorType", "messageContains");
  private static final List<String> UPSTREAM = List.of("env", "stubs", "expectRequests");
  private static final List<String> STUB =
      List.of("method", "path", "query", "status", "headers", "body", "bodyText", "bodyFile");
  private static final List<String> EXPECTED_REQUEST = List.of("method", "path", "headers");

  /** Lambda's payload limit for a synchronous Invoke request (6 MB): events and request bodies. */
  public static final long MAX_EVENT_BYTES = 6_291_456;

  /** Lambda's limit for a synchronous response (6 MB): expected responses and bodies. */
  public static final long MAX_RESPONSE_BYTES = 6_291_556;

  /** A stub body is held in memory and served whole; 16 MB leaves room for large upstream replies. */
  public static final long MAX_STUB_BODY_BYTES = 16L << 20;

  /** A case file itself: room for a 6 MB inline event and its expected response. */
  public static final long MAX_CASE_FILE_BYTES = 16L << 20;

  private TestCaseParser() {}

  /**
   * Parses one case file; its name is the file name without {@code .case.json}, and the files it
   * names must be inside its own folder.
   */
  public static TestCase parse(Path file) throws TestCaseException {
    return parse(file, caseName(file));
  }

  /** Parses one case file under the given name; the files it names must be inside its own folder. */
  public static TestCase parse(Path file, String name) throws TestCaseException {
    return parse(file, name, file.toAbsolutePath().getParent());
  }

  /**
   * Parses one case file under the given name (its path below the cases folder); the files it
   * names must be regular files inside {@code casesFolder}.
   */
  public static TestCase parse(Path file, String name, Path casesFolder) throws TestCaseException {
    try {
      Path real = file.toRealPath();
      if (!real.startsWith(casesFolder.toRealPath()) || !Files.isRegularFile(real)) {
        // Parse errors quote what they read: an outside file would be shown in part.
        throw new TestCaseException(file, "", "is a symbolic link to " + real + ", outside the test-case folder "
            + casesFolder + " or not a regular file; copy the case into the folder instead of linking to it");
      }
    } catch (NoSuchFileException e) {
      throw new TestCaseException(file, "", "file does not exist");
    } catch (IOException e) {
      throw new TestCaseException(file, "", "cannot be read: " + e.getMessage(), e);
    }
    JsonNode root = parseJson(file, "", readBounded(file, "", MAX_CASE_FILE_BYTES));
    return new Ctx(file, name, casesFolder).parseCase(root);
  }

  /** The case name of a file: {@code hello.case.json} is {@code hello}. */
  public static String caseName(Path file) {
    String n = file.getFileName().toString();
    return n.endsWith(TestCase.SUFFIX) ? n.substring(0, n.length() - TestCase.SUFFIX.length()) : n;
  }

  /**
   * Reads a file known to be regular, at most {@code limit} bytes; a file that grew past the limit
   * since it was checked is refused rather than read whole.
   */
  private static byte[] readBounded(Path file, String field, long limit) throws TestCaseException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
      if (bytes.length > limit) {
        throw new TestCaseException(file, field, "is larger than the " + size(limit) + " limit; make it smaller");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new TestCaseException(file, field, "file does not exist");
    } catch (IOException e) {
      throw new TestCaseException(file, field, "cannot be read: " + e.getMessage(), e);
    }
  }

  static String size(long bytes) {
    return bytes >= 1 << 20
        ? String.format(Locale.ROOT, "%.1f MB (%d bytes)", bytes / 1024.0 / 1024.0, bytes)
        : bytes + " bytes";
  }

  static JsonNode parseJson(Path file, String field, byte[] bytes) throws TestCaseException {
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw new TestCaseException(file, field, "is empty; expected a JSON document");
      }
      return node;
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw new TestCaseException(
          file, field, "invalid JSON" + where + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new TestCaseException(file, field, "cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Parsing state for one file: resolves relative paths against the case file's folder, and keeps
   * them inside the cases folder.
   */
  private static final class Ctx {
    private final Path file;
    private final Path dir;
    private final Path casesFolder;
    private final String name;

    Ctx(Path file, String name, Path casesFolder) {
      this.file = file;
      this.name = name;
      this.dir = file.toAbsolutePath().getParent();
      this.casesFolder = casesFolder.toAbsolutePath().normalize();
    }

    TestCaseException error(String field, String problem) {
      return new TestCaseException(file, field, problem);
    }

    TestCase parseCase(JsonNode root) throws TestCaseException {
      object(root, "", TOP);
      String description = optText(root, "description", "");
      Map<String, String> env = stringMap(root, "environment", true);
      OptionalLong budget = OptionalLong.empty();
      if (root.has("maxDurationMs")) {
        JsonNode b = root.get("maxDurationMs");
        if (!b.canConvertToLong() || !b.isIntegralNumber() || b.asLong() <= 0) {
          throw error("maxDurationMs", "is " + b + "; expected a positive whole number of milliseconds");
        }
        budget = OptionalLong.of(b.asLong());
      }
      int kinds = (root.has("request") ? 1 : 0)
          + (root.has("event") || root.has("eventFile") || root.has("eventText") ? 1 : 0);
      if (root.has("request") && kinds > 1) {
        throw error("request", "a case is either an invocation (event, eventFile or eventText) "
            + "or an HTTP request (request), not both; split it into two case files");
      }
      if (!root.has("expect")) {
        throw error("expect", "is missing; say what the case expects, e.g. "
            + "\"expect\": {\"response\": {...}} or, for an HTTP case, \"expect\": {\"status\": 200}");
      }
      JsonNode expect = root.get("expect");
      Optional<Upstream> upstream =
          root.has("upstream") ? Optional.of(upstream(root.get("upstream"))) : Optional.empty();
      Map<String, String> secrets = secrets(root);
      if (root.has("request")) {
        HttpCall call = httpCall(root.get("request"), expect);
        if (call.invokeMode().isPresent() && env.containsKey(STREAM_VARIABLE)) {
          throw error("request.invokeMode", "is set, and so is environment." + STREAM_VARIABLE
              + "; give only request.invokeMode (the test goal sets " + STREAM_VARIABLE + " from it, as deploy does"
              + " from <functionUrl><invokeMode>)");
        }
        return new TestCase(name, file, description, env, budget, Optional.empty(),
            Optional.of(call), upstream, secrets);
      }
      byte[] event = oneBody(root, "", "event", "eventText", "eventFile", MAX_EVENT_BYTES);
      if (event == null) {
        throw error("event", "is missing; give the event inline (\"event\": {...}), as a file "
            + "(\"eventFile\": \"events/x.json\") or as raw text (\"eventText\"), "
            + "or make it an HTTP case with \"request\"");
      }
      if (expect.isObject() && expect.has("streamed")) {
        throw error("expect.streamed", "applies to HTTP cases only (a case with \"request\"): an invocation case's"
            + " response comes back whole, as Invoke returns it; to check that the response streams, make this"
            + " an HTTP case through the Function URL");
      }
      object(expect, "expect", EXPECT_INVOCATION);
      MatchMode mode = matchMode(expect, "expect.match");
      BodyExpectation response =
          bodyExpectation(expect, "expect", "response", "responseText", "responseFile", mode);
      Optional<ErrorExpectation> err = Optional.empty();
      if (expect.has("error")) {
        JsonNode e = expect.get("error");
        object(e, "expect.error", ERROR);
        err = Optional.of(new ErrorExpectation(
            optText(e, "errorType", "expect.error.errorType", null),
            optText(e, "messageContains", "expect.error.messageContains", null)));
        if (!(response instanceof BodyExpectation.Any)) {
          throw error("expect.error", "a case expects either a response or an error, not both");
        }
      }
      return new TestCase(name, file, description, env, budget,
          Optional.of(new Invocation(event, response, err)), Optional.empty(), upstream, secrets);
    }

    HttpCall httpCall(JsonNode req, JsonNode expect) throws TestCaseException {
      object(req, "request", REQUEST);
      String method = method(req, "request.method", "GET");
      String path = optText(req, "path", "request.path", "/");
      if (!path.startsWith("/")) {
        throw error("request.path", "is '" + path + "'; it must start with '/', e.g. \"/" + path + "\"");
      }
      if (path.contains("?")) {
        throw error("request.path", "is '" + path + "'; put the query string in \"query\": {...}");
      }
      Map<String, String> query = stringMap(req, "query", "request.query", false);
      Map<String, String> headers = stringMap(req, "headers", "request.headers", false);
      byte[] body = oneBody(req, "request.", "body", "bodyText", "bodyFile", MAX_EVENT_BYTES);
      Optional<String> invokeMode = invokeMode(req);
      if (req.has("body") && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("content-type"))) {
        headers = new LinkedHashMap<>(headers);
        headers.put("content-type", "application/json");
      }
      object(expect, "expect", EXPECT_HTTP);
      Optional<Integer> status = Optional.empty();
      if (expect.has("status")) {
        JsonNode s = expect.get("status");
        if (!s.isInt() || s.asInt() < 100 || s.asInt() > 599) {
          throw error("expect.status", "is " + s + "; expected an HTTP status code such as 200");
        }
        status = Optional.of(s.asInt());
      }
      Map<String, String> expHeaders = stringMap(expect, "headers", "expect.headers", false);
      MatchMode mode = matchMode(expect, "expect.match");
      BodyExpectation body2 = bodyExpectation(expect, "expect", "body", "bodyText", "bodyFile", mode);
      Optional<Boolean> streamed = Optional.empty();
      if (expect.has("streamed")) {
        JsonNode st = expect.get("streamed");
        if (!st.isBoolean()) {
          throw error("expect.streamed", "is " + st + "; expected true (the first body bytes must reach the client"
              + " before the invocation ends) or false (the body must come only after it ended: buffered)");
        }
        streamed = Optional.of(st.booleanValue());
        if (streamed.get() && invokeMode.equals(Optional.of(TestCase.BUFFERED))) {
          throw error("expect.streamed", "is true, but request.invokeMode is BUFFERED: a buffered Function URL"
              + " answers only once the function has ended; set \"invokeMode\": \"RESPONSE_STREAM\"");
        }
        if (method.equals("HEAD")) {
          throw error("expect.streamed", "is set, but request.method is HEAD, whose answer has no body to stream;"
              + " use GET");
        }
      }
      return new HttpCall(method, path, query, headers, body, invokeMode, status, expHeaders, body2, streamed);
    }

    /** {@code request.invokeMode}: BUFFERED or RESPONSE_STREAM, spelt as Lambda spells them. */
    Optional<String> invokeMode(JsonNode req) throws TestCaseException {
      if (!req.has("invokeMode")) {
        return Optional.empty();
      }
      JsonNode m = req.get("invokeMode");
      List<String> modes = List.of(TestCase.BUFFERED, TestCase.RESPONSE_STREAM);
      if (m.isTextual() && modes.contains(m.asText())) {
        return Optional.of(m.asText());
      }
      String hint = m.isTextual()
          ? Suggestions.closest(m.asText().toUpperCase(Locale.ROOT), modes).map(s -> "; did you mean \"" + s + "\"?")
              .orElse("")
          : "";
      throw error("request.invokeMode", "is " + m + ", but a Function URL's invoke mode is \"BUFFERED\" (the"
          + " default) or \"RESPONSE_STREAM\"" + hint);
    }

    Upstream upstream(JsonNode up) throws TestCaseException {
      object(up, "upstream", UPSTREAM);
      String env = optText(up, "env", "upstream.env", null);
      if (env == null) {
        throw error("upstream.env", "is missing; name the environment variable that hands the "
            + "stub server's base URL to the handler, e.g. \"env\": \"GITHUB_API_URL\"");
      }
      if (!ENV_NAME.matcher(env).matches()) {
        throw error("upstream.env", "is '" + env + "', not a valid environment variable name");
      }
      List<Stub> stubs = new ArrayList<>();
      JsonNode arr = up.get("stubs");
      if (arr == null || !arr.isArray() || arr.isEmpty()) {
        throw error("upstream.stubs", "expected a non-empty array of stubs, e.g. "
            + "[{\"method\": \"GET\", \"path\": \"/users/octocat\", \"bodyFile\": \"stubs/octocat.json\"}]");
      }
      for (int i = 0; i < arr.size(); i++) {
        String f = "upstream.stubs[" + i + "]";
        JsonNode s = arr.get(i);
        object(s, f, STUB);
        String m = method(s, f + ".method", null);
        String p = optText(s, "path", f + ".path", null);
        if (p == null || !p.startsWith("/")) {
          throw error(f + ".path", p == null ? "is missing; e.g. \"/users/octocat\"" : "is '" + p + "'; it must start with '/'");
        }
        int status = 200;
        if (s.has("status")) {
          JsonNode st = s.get("status");
          if (!st.isInt() || st.asInt() < 100 || st.asInt() > 599) {
            throw error(f + ".status", "is " + st + "; expected an HTTP status code such as 200");
          }
          status = st.asInt();
        }
        Map<String, String> headers = stringMap(s, "headers", f + ".headers", false);
        byte[] body = oneBody(s, f + ".", "body", "bodyText", "bodyFile", MAX_STUB_BODY_BYTES);
        if ((s.has("body") || (s.has("bodyFile") && s.get("bodyFile").asText().endsWith(".json")))
            && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("content-type"))) {
          headers = new LinkedHashMap<>(headers);
          headers.put("content-type", "application/json");
        }
        stubs.add(new Stub(m, p, stringMap(s, "query", f + ".query", false), status, headers,
            body == null ? new byte[0] : body));
      }
      List<ExpectedRequest> expected = new ArrayList<>();
      JsonNode ex = up.get("expectRequests");
      if (ex != null) {
        if (!ex.isArray()) {
          throw error("upstream.expectRequests", "expected an array, e.g. "
              + "[{\"path\": \"/users/octocat\", \"headers\": {\"authorization\": true}}]");
        }
        for (int i = 0; i < ex.size(); i++) {
          String f = "upstream.expectRequests[" + i + "]";
          JsonNode r = ex.get(i);
          object(r, f, EXPECTED_REQUEST);
          String p = optText(r, "path", f + ".path", null);
          if (p == null) {
            throw error(f + ".path", "is missing; the path the handler must have requested");
          }
          Map<String, HeaderExpectation> hs = new LinkedHashMap<>();
          JsonNode h = r.get("headers");
          if (h != null) {
            if (!h.isObject()) {
              throw error(f + ".headers", "expected an object such as {\"authorization\": true}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
              Map.Entry<String, JsonNode> e = it.next();
              JsonNode v = e.getValue();
              if (v.isBoolean()) {
                hs.put(e.getKey(), HeaderExpectation.present(v.asBoolean()));
              } else if (v.isTextual()) {
                hs.put(e.getKey(), HeaderExpectation.exactly(v.asText()));
              } else {
                throw error(f + ".headers." + e.getKey(), "is " + v
                    + "; expected a string (exact value), true (present) or false (absent)");
              }
            }
          }
          expected.add(new ExpectedRequest(method(r, f + ".method", null), p, hs));
        }
      }
      return new Upstream(env, List.copyOf(stubs), List.copyOf(expected));
    }

    /** At most one of a JSON value, a raw text or a file; null when none is given. */
    byte[] oneBody(JsonNode node, String prefix, String json, String text, String fileKey, long limit)
        throws TestCaseException {
      int n = (node.has(json) ? 1 : 0) + (node.has(text) ? 1 : 0) + (node.has(fileKey) ? 1 : 0);
      if (n > 1) {
        throw error(prefix + (node.has(json) ? json : text),
            "give only one of '" + json + "', '" + text + "' and '" + fileKey + "'");
      }
      if (node.has(json)) {
        try {
          return JSON.writeValueAsBytes(node.get(json));
        } catch (JsonProcessingException e) {
          throw error(prefix + json, "cannot be written as JSON: " + e.getOriginalMessage());
        }
      }
      if (node.has(text)) {
        JsonNode t = node.get(text);
        if (!t.isTextual()) {
          throw error(prefix + text, "is " + t.getNodeType().toString().toLowerCase(Locale.ROOT)
              + "; expected a string (for JSON use '" + json + "')");
        }
        return t.asText().getBytes(StandardCharsets.UTF_8);
      }
      if (node.has(fileKey)) {
        return readNamedFile(node, fileKey, prefix + fileKey, limit);
      }
      return null;
    }

    BodyExpectation bodyExpectation(JsonNode node, String prefix, String json, String text,
        String fileKey, MatchMode mode) throws TestCaseException {
      int n = (node.has(json) ? 1 : 0) + (node.has(text) ? 1 : 0) + (node.has(fileKey) ? 1 : 0);
      if (n > 1) {
        throw error(prefix + "." + (node.has(json) ? json : text),
            "give only one of '" + json + "', '" + text + "' and '" + fileKey + "'");
      }
      if (node.has(json)) {
        return new BodyExpectation.Json(node.get(json), mode);
      }
      if (node.has(text)) {
        JsonNode t = node.get(text);
        if (!t.isTextual()) {
          throw error(prefix + "." + text, "is " + t + "; expected a string (for JSON use '" + json + "')");
        }
        if (node.has("match")) {
          throw error(prefix + ".match", "applies to JSON expectations only; '" + text
              + "' is always compared byte for byte");
        }
        return new BodyExpectation.Raw(t.asText().getBytes(StandardCharsets.UTF_8));
      }
      if (node.has(fileKey)) {
        String field = prefix + "." + fileKey;
        byte[] bytes = readNamedFile(node, fileKey, field, MAX_RESPONSE_BYTES);
        return new BodyExpectation.Json(parseJson(dir.resolve(node.get(fileKey).asText()).normalize(), field, bytes),
            mode);
      }
      if (node.has("match")) {
        throw error(prefix + ".match", "is set, but there is no '" + json + "' or '" + fileKey + "' to match");
      }
      return BodyExpectation.any();
    }

    Path resolve(JsonNode node, String key, String field) throws TestCaseException {
      JsonNode v = node.get(key);
      if (!v.isTextual() || v.asText().isBlank()) {
        throw error(field, "is " + v + "; expected a file path relative to the case file");
      }
      return dir.resolve(v.asText()).normalize();
    }

    /**
     * The bytes of the file {@code node.key} names, after checking, before opening it, that it is
     * a regular file inside the cases folder (through any symbolic link) and within {@code limit}.
     */
    byte[] readNamedFile(JsonNode node, String key, String field, long limit) throws TestCaseException {
      Path p = resolve(node, key, field);
      String given = node.get(key).asText();
      String keepInside = "files a case names must be regular files inside the test-case folder " + casesFolder
          + "; copy the file there (e.g. beside the case file) and name it relative to the case file's folder";
      if (!p.startsWith(casesFolder)) {
        throw error(field, "names '" + given + "', which is " + p + ", outside the test-case folder; " + keepInside);
      }
      BasicFileAttributes attrs;
      Path real;
      try {
        attrs = Files.readAttributes(p, BasicFileAttributes.class);
        real = p.toRealPath();
        if (!real.startsWith(casesFolder.toRealPath())) {
          throw error(field, "names '" + given + "', a symbolic link to " + real + ", outside the test-case folder; "
              + keepInside);
        }
      } catch (NoSuchFileException e) {
        throw error(field, "names '" + given + "', but " + p
            + " does not exist; paths are relative to the case file's folder");
      } catch (IOException e) {
        throw error(field, "names '" + given + "', but " + p + " cannot be read: " + e.getMessage());
      }
      if (!attrs.isRegularFile()) {
        String kind = attrs.isDirectory() ? "a folder" : "not a regular file (a named pipe, device or socket)";
        throw error(field, "names '" + given + "', but " + p + " is " + kind + "; a case reads regular files only:"
            + " put the content in a regular file and name that");
      }
      if (attrs.size() > limit) {
        throw error(field, "names '" + given + "', which is " + size(attrs.size()) + ", over the " + size(limit)
            + " limit for '" + key + "'" + limitReason(limit) + "; use a smaller file");
      }
      return readBounded(p, field, limit);
    }

    private String limitReason(long limit) {
      if (limit == MAX_EVENT_BYTES) {
        return " (Lambda's 6 MB payload limit for a synchronous invocation)";
      }
      if (limit == MAX_RESPONSE_BYTES) {
        return " (Lambda's 6 MB limit for a synchronous response)";
      }
      return "";
    }

    MatchMode matchMode(JsonNode node, String field) throws TestCaseException {
      if (!node.has("match")) {
        return MatchMode.SUBSET;
      }
      String v = node.get("match").asText();
      for (MatchMode m : MatchMode.values()) {
        if (m.caseValue().equals(v)) {
          return m;
        }
      }
      throw error(field, "is '" + v + "'; expected \"subset\" (the default) or \"exact\"");
    }

    String method(JsonNode node, String field, String dflt) throws TestCaseException {
      String key = field.substring(field.lastIndexOf('.') + 1);
      if (!node.has(key)) {
        return dflt;
      }
      String m = node.get(key).asText();
      String upper = m.toUpperCase(Locale.ROOT);
      if (!node.get(key).isTextual() || !METHODS.contains(upper)) {
        throw error(field, "is " + node.get(key) + "; expected one of " + String.join(", ", METHODS.stream().sorted().toList()));
      }
      return upper;
    }

    String optText(JsonNode node, String key, String dflt) throws TestCaseException {
      return optText(node, key, key, dflt);
    }

    String optText(JsonNode node, String key, String field, String dflt) throws TestCaseException {
      if (!node.has(key)) {
        return dflt;
      }
      JsonNode v = node.get(key);
      if (!v.isTextual()) {
        throw error(field, "is " + v + "; expected a string");
      }
      return v.asText();
    }

    /** {@code "secrets": {"NAME": "value", "ssm:/NAME": "value"}}; no error shows a value. */
    Map<String, String> secrets(JsonNode root) throws TestCaseException {
      Map<String, String> out = new LinkedHashMap<>();
      if (!root.has("secrets")) {
        return out;
      }
      JsonNode m = root.get("secrets");
      if (!m.isObject()) {
        throw error("secrets", "is a JSON " + m.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
            + "; expected an object of secret names to values, e.g. {\"db-password\": \"local-pw\","
            + " \"ssm:/app/api-key\": \"local-key\"}");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().isEmpty() || e.getKey().equals("ssm:")) {
          throw error("secrets", "has an empty name; give the name lambda_secret asks for (ssm:NAME for an SSM parameter)");
        }
        if (!e.getValue().isTextual()) {
          throw error("secrets." + e.getKey(), "is a JSON " + e.getValue().getNodeType().toString()
              .toLowerCase(java.util.Locale.ROOT) + "; expected a string (the value is not shown)");
        }
        out.put(e.getKey(), e.getValue().textValue());
      }
      return out;
    }

    Map<String, String> stringMap(JsonNode node, String key, boolean envNames) throws TestCaseException {
      return stringMap(node, key, key, envNames);
    }

    Map<String, String> stringMap(JsonNode node, String key, String field, boolean envNames)
        throws TestCaseException {
      Map<String, String> out = new LinkedHashMap<>();
      if (!node.has(key)) {
        return out;
      }
      JsonNode m = node.get(key);
      if (!m.isObject()) {
        throw error(field, "is " + m + "; expected an object of strings, e.g. {\"NAME\": \"value\"}");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        if (!v.isValueNode() || v.isNull()) {
          throw error(field + "." + e.getKey(), "is " + v + "; expected a string");
        }
        if (envNames && !ENV_NAME.matcher(e.getKey()).matches()) {
          throw error(field + "." + e.getKey(), "is not a valid environment variable name");
        }
        out.put(e.getKey(), v.asText());
      }
      return out;
    }

    void object(JsonNode node, String field, List<String> allowed) throws TestCaseException {
      if (node == null || !node.isObject()) {
        throw error(field, "is " + (node == null ? "missing" : node.getNodeType().toString().toLowerCase(Locale.ROOT))
            + "; expected a JSON object");
      }
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!allowed.contains(k)) {
          String f = field.isEmpty() ? k : field + "." + k;
          String hint = Suggestions.closest(k, allowed)
              .map(s -> "; did you mean '" + s + "'?")
              .orElse("; known keys here: " + String.join(", ", allowed));
          throw error(f, "unknown key" + hint);
        }
      }
    }
  }
}
