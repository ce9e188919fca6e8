package io.github.shelllambda.runtime.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.shelllambda.runtime.function.FunctionId;
import io.github.shelllambda.runtime.function.LambdaServiceException;
import io.github.shelllambda.runtime.function.ResourceNotFoundException;
import io.github.shelllambda.runtime.http.HttpRequest;
import io.github.shelllambda.runtime.http.HttpResponse;
import io.github.shelllambda.runtime.lambdaapi.LambdaApi;
import io.github.shelllambda.runtime.url.FunctionUrlHandler;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Function URL configs (Create/Get/Update/Delete/ListFunctionUrlConfigs), resource-based policies
 * (AddPermission, RemovePermission, GetPolicy), and the URLs themselves: a request whose Host is
 * {@code <url-id>.lambda-url.<region>.localhost} is answered as Lambda's URL service does: CORS
 * preflight from the config without invoking, AWS_IAM requests need a SigV4 signature, NONE
 * requests need BOTH public statements in the policy of the URL's qualifier
 * ({@code lambda:InvokeFunctionUrl} with {@code lambda:FunctionUrlAuthType} NONE, and {@code
 * lambda:InvokeFunction} with {@code lambda:InvokedViaFunctionUrl} true), then the function runs
 * through the Function URL front door.
 */
final class FunctionUrls {
  private static final Pattern URL_HOST =
      Pattern.compile("([a-z0-9]{32})\\.lambda-url\\.(?:[a-z0-9-]+\\.)?localhost(?::[0-9]+)?");
  private static final Pattern URL_QUALIFIER = Pattern.compile("((?!^\\d+$)^[0-9a-zA-Z-_]+$)");
  private static final Pattern STATEMENT_ID = Pattern.compile("[a-zA-Z0-9-_.]{1,100}");
  private static final Pattern ACTION = Pattern.compile("(lambda:[*]|lambda:[a-zA-Z]+|[*])");
  private static final String NOT_FOUND = "The resource you requested does not exist.";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ControlPlane plane;
  private final Operations ops;

  FunctionUrls(ControlPlane plane, Operations ops) {
    this.plane = plane;
    this.ops = ops;
  }

  List<LambdaApi.Route> routes() {
    String url = "/2021-10-31/functions/{FunctionName}/url";
    String policy = "/2015-03-31/functions/{FunctionName}/policy";
    return List.of(
        ControlPlane.row("CreateFunctionUrlConfig", "POST", url, this::createUrl),
        ControlPlane.row("GetFunctionUrlConfig", "GET", url, this::getUrl),
        ControlPlane.row("UpdateFunctionUrlConfig", "PUT", url, this::updateUrl),
        ControlPlane.row("DeleteFunctionUrlConfig", "DELETE", url, this::deleteUrl),
        ControlPlane.row("ListFunctionUrlConfigs", "GET", "/2021-10-31/functions/{FunctionName}/urls", this::listUrls),
        ControlPlane.row("AddPermission", "POST", policy, this::addPermission),
        ControlPlane.row("GetPolicy", "GET", policy, this::getPolicy),
        ControlPlane.row("RemovePermission", "DELETE", policy + "/{StatementId}", this::removePermission));
  }

  // ---------------------------------------------------------------- URL configs

  /** The URL's qualifier: an existing alias, or "" for the unqualified function ($LATEST). */
  private String urlQualifier(HttpRequest r, FunctionId.Reference ref, Store.Function f) {
    Optional<String> q = Operations.query(r, "Qualifier").or(ref::qualifier);
    if (q.isEmpty()) {
      return "";
    }
    if (!URL_QUALIFIER.matcher(q.get()).matches() || q.get().length() > 128) {
      throw new ValidationException(Operations.validation(q.get(), "qualifier",
          "Member must satisfy regular expression pattern: ((?!^\\d+$)^[0-9a-zA-Z-_]+$)"));
    }
    ops.alias(f, q.get());
    return q.get();
  }

  private HttpResponse createUrl(HttpRequest r, List<String> p) {
    JsonNode b = Operations.body(r, "CreateFunctionUrlConfig");
    String authType = authType(Operations.requiredText(b, "AuthType", "authType"));
    ObjectNode cors = b.has("Cors") && !b.get("Cors").isNull() ? cors(b.get("Cors")) : null;
    String mode = invokeMode(b);
    synchronized (plane) {
      FunctionId.Reference ref = Operations.reference(p.get(0));
      Store.Function f = ops.function(ref);
      String q = urlQualifier(r, ref, f);
      if (f.urls.containsKey(q)) {
        throw new ResourceConflictException("Failed to create function url config for [functionArn = "
            + arn(f, q) + "]. Error message:  FunctionUrlConfig exists for this Lambda function");
      }
      String now = Instant.now().toString();
      Store.UrlConfig u = new Store.UrlConfig(newUrlId(), q, authType, cors, mode, now, now);
      f.urls.put(q, u);
      plane.persist();
      ops.log("CreateFunctionUrlConfig " + arn(f, q) + " -> " + url(u) + " (" + authType + ")");
      ObjectNode out = shape(f, u);
      out.remove("LastModifiedTime");
      return Operations.json(201, out);
    }
  }

  private HttpResponse getUrl(HttpRequest r, List<String> p) {
    synchronized (plane) {
      FunctionId.Reference ref = Operations.reference(p.get(0));
      Store.Function f = ops.function(ref);
      return Operations.json(200, shape(f, urlConfig(f, urlQualifier(r, ref, f))));
    }
  }

  private HttpResponse updateUrl(HttpRequest r, List<String> p) {
    JsonNode b = Operations.body(r, "UpdateFunctionUrlConfig");
    synchronized (plane) {
      FunctionId.Reference ref = Operations.reference(p.get(0));
      Store.Function f = ops.function(ref);
      String q = urlQualifier(r, ref, f);
      Store.UrlConfig u = urlConfig(f, q);
      String authType = Operations.present(b, "AuthType") ? authType(Operations.text(b, "AuthType")) : u.authType();
      ObjectNode cors = b.has("Cors") ? (b.get("Cors").isNull() ? null : cors(b.get("Cors"))) : u.cors();
      String mode = Operations.present(b, "InvokeMode") ? invokeMode(b) : u.invokeMode();
      Store.UrlConfig updated = new Store.UrlConfig(u.urlId(), q, authType, cors, mode, u.creationTime(),
          Instant.now().toString());
      f.urls.put(q, updated);
      plane.persist();
      ops.log("UpdateFunctionUrlConfig " + arn(f, q) + " (" + authType + ")");
      return Operations.json(200, shape(f, updated));
    }
  }

  private HttpResponse deleteUrl(HttpRequest r, List<String> p) {
    synchronized (plane) {
      FunctionId.Reference ref = Operations.reference(p.get(0));
      Store.Function f = ops.function(ref);
      String q = urlQualifier(r, ref, f);
      urlConfig(f, q);
      f.urls.remove(q);
      plane.persist();
      ops.log("DeleteFunctionUrlConfig " + arn(f, q));
      return HttpResponse.empty(204);
    }
  }

  private HttpResponse listUrls(HttpRequest r, List<String> p) {
    synchronized (plane) {
      Store.Function f = ops.function(Operations.reference(p.get(0)));
      ObjectNode out = Shapes.JSON.createObjectNode();
      ArrayNode list = out.putArray("FunctionUrlConfigs");
      f.urls.values().forEach(u -> list.add(shape(f, u)));
      return Operations.json(200, out);
    }
  }

  private Store.UrlConfig urlConfig(Store.Function f, String q) {
    Store.UrlConfig u = f.urls.get(q);
    if (u == null) {
      throw new ResourceNotFoundException(NOT_FOUND);
    }
    return u;
  }

  private ObjectNode shape(Store.Function f, Store.UrlConfig u) {
    ObjectNode n = Shapes.JSON.createObjectNode();
    n.put("FunctionUrl", url(u));
    n.put("FunctionArn", arn(f, u.qualifier()));
    n.put("AuthType", u.authType());
    if (u.cors() != null) {
      n.set("Cors", u.cors());
    }
    n.put("CreationTime", u.creationTime());
    n.put("LastModifiedTime", u.lastModifiedTime());
    n.put("InvokeMode", u.invokeMode());
    return n;
  }

  /** {@code http://<id>.lambda-url.<region>.localhost:<port>/}: curl and browsers resolve *.localhost to loopback. */
  String url(Store.UrlConfig u) {
    int port = plane.frontDoorPort();
    return "http://" + u.urlId() + ".lambda-url." + plane.region + ".localhost" + (port > 0 ? ":" + port : "") + "/";
  }

  private String arn(Store.Function f, String q) {
    return plane.arn(f.name) + (q.isEmpty() ? "" : ":" + q);
  }

  private static String newUrlId() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder sb = new StringBuilder(32);
    for (int i = 0; i < 32; i++) {
      sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static String authType(String v) {
    if (!v.equals("NONE") && !v.equals("AWS_IAM")) {
      throw new ValidationException(Operations.validation(v, "authType",
          "Member must satisfy enum value set: [NONE, AWS_IAM]"));
    }
    return v;
  }

  private String invokeMode(JsonNode b) {
    String mode = Optional.ofNullable(Operations.textOrNull(b, "InvokeMode")).orElse("BUFFERED");
    if (!mode.equals("BUFFERED") && !mode.equals("RESPONSE_STREAM")) {
      throw new ValidationException(Operations.validation(mode, "invokeMode",
          "Member must satisfy enum value set: [BUFFERED, RESPONSE_STREAM]"));
    }
    if (mode.equals("RESPONSE_STREAM")) {
      plane.logSink.line("[function url] InvokeMode RESPONSE_STREAM: the URL passes the response on as the function"
          + " sends it (up to 200 MB); a shell-lambda bootstrap streams when the function's environment has"
          + " SHELL_LAMBDA_RESPONSE_STREAM=1 (shell-lambda:deploy sets it for such a URL), otherwise its response"
          + " arrives whole");
    }
    return mode;
  }

  /** Lambda's Cors shape with its limits; kept as given. */
  private static ObjectNode cors(JsonNode c) {
    if (!c.isObject()) {
      throw new ValidationException(Operations.validation(c.toString(), "cors", "Member must be a structure"));
    }
    checkList(c, "AllowOrigins", 100, 1, 253);
    checkList(c, "AllowMethods", 6, 0, 6);
    checkList(c, "AllowHeaders", 100, 0, 1024);
    checkList(c, "ExposeHeaders", 100, 0, 1024);
    if (Operations.present(c, "MaxAge")) {
      int maxAge = Operations.integer(c, "MaxAge");
      if (maxAge < 0 || maxAge > 86400) {
        throw new ValidationException(Operations.validation(Integer.toString(maxAge), "cors.maxAge",
            "Member must have value less than or equal to 86400, Member must have value greater than or equal to 0"));
      }
    }
    if (Operations.present(c, "AllowCredentials") && !c.get("AllowCredentials").isBoolean()) {
      throw new ValidationException(Operations.validation(c.get("AllowCredentials").toString(),
          "cors.allowCredentials", "Member must be a boolean"));
    }
    return (ObjectNode) c.deepCopy();
  }

  private static void checkList(JsonNode c, String field, int maxItems, int minLength, int maxLength) {
    List<String> items = Operations.strings(c.path(field), "Cors." + field);
    String member = "cors." + Character.toLowerCase(field.charAt(0)) + field.substring(1);
    if (items.size() > maxItems) {
      throw new ValidationException(Operations.validation(items.toString(), member,
          "Member must have length less than or equal to " + maxItems));
    }
    for (String item : items) {
      if (item.length() < minLength || item.length() > maxLength) {
        throw new ValidationException(Operations.validation(items.toString(), member,
            "Member must satisfy constraint: [Member must have length less than or equal to " + maxLength
                + ", Member must have length greater than or equal to " + minLength + "]"));
      }
    }
  }

  // ---------------------------------------------------------------- permissions

  /** The policy's qualifier: an existing alias or version, or "" for the unqualified function. */
  private String policyQualifier(HttpRequest r, FunctionId.Reference ref, Store.Function f) {
    Optional<String> q = Operations.query(r, "Qualifier").or(ref::qualifier);
    if (q.isEmpty() || q.get().equals(FunctionId.LATEST)) {
      return "";
    }
    if (q.get().matches("[0-9]+")) {
      if (!f.versions.containsKey(ControlPlane.parseVersion(q.get()))) {
        throw new ResourceNotFoundException("Function not found: " + plane.arn(f.name) + ":" + q.get());
      }
    } else {
      ops.alias(f, q.get());
    }
    return q.get();
  }

  private HttpResponse addPermission(HttpRequest r, List<String> p) {
    JsonNode b = Operations.body(r, "AddPermission");
    String sid = Operations.requiredText(b, "StatementId", "statementId");
    if (!STATEMENT_ID.matcher(sid).matches()) {
      throw new ValidationException(Operations.validation(sid, "statementId",
          "Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)"));
    }
    String action = Operations.requiredText(b, "Action", "action");
    if (!ACTION.matcher(action).matches()) {
      throw new ValidationException(Operations.validation(action, "action",
          "Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])"));
    }
    String principal = Operations.requiredText(b, "Principal", "principal");
    String urlAuthType = Operations.textOrNull(b, "FunctionUrlAuthType");
    if (urlAuthType != null) {
      authType(urlAuthType);
    }
    synchronized (plane) {
      FunctionId.Reference ref = Operations.reference(p.get(0));
      Store.Function f = ops.function(ref);
      String q = policyQualifier(r, ref, f);
      Store.Policy policy = f.policies.getOrDefault(q, new Store.Policy(Map.of(), f.latest.revisionId()));
      String rev = Operations.textOrNull(b, "RevisionId");
      if (rev != null && !rev.equals(policy.revisionId())) {
        throw new PreconditionFailedException("The Revision Id provided does not match the latest Revision Id. Call"
            + " the GetPolicy API to retrieve the latest Revision Id");
      }
      if (policy.statements().containsKey(sid)) {
        throw new ResourceConflictException("The statement id (" + sid + ") provided already exists. Please provide a"
            + " new statement id, or remove the existing statement.");
      }
      ObjectNode st = Shapes.JSON.createObjectNode();
      st.put("Sid", sid).put("Effect", "Allow");
      if (principal.equals("*")) {
        st.put("Principal", "*");
      } else if (principal.matches("\\d{12}")) {
        st.putObject("Principal").put("AWS", "arn:aws:iam::" + principal + ":root");
      } else if (principal.startsWith("arn:")) {
        st.putObject("Principal").put("AWS", principal);
      } else {
        st.putObject("Principal").put("Service", principal);
      }
      st.put("Action", action).put("Resource", arn(f, q));
      ObjectNode condition = Shapes.JSON.createObjectNode();
      condition(condition, "StringEquals", "AWS:SourceAccount", Operations.textOrNull(b, "SourceAccount"));
      condition(condition, "StringEquals", "aws:PrincipalOrgID", Operations.textOrNull(b, "PrincipalOrgID"));
      condition(condition, "StringEquals", "lambda:EventSourceToken", Operations.textOrNull(b, "EventSourceToken"));
      condition(condition, "StringEquals", "lambda:FunctionUrlAuthType", urlAuthType);
      condition(condition, "ArnLike", "AWS:SourceArn", Operations.textOrNull(b, "SourceArn"));
      if (b.path("InvokedViaFunctionUrl").asBoolean(false)) {
        condition(condition, "Bool", "lambda:InvokedViaFunctionUrl", "true");
      }
      if (!condition.isEmpty()) {
        st.set("Condition", condition);
      }
      Map<String, ObjectNode> statements = new LinkedHashMap<>(policy.statements());
      statements.put(sid, st);
      f.policies.put(q, new Store.Policy(statements, ControlPlane.newRevisionId()));
      plane.persist();
      ops.log("AddPermission " + arn(f, q) + " " + sid + ": " + action + " for " + principal
          + (condition.isEmpty() ? "" : " if " + condition));
      return Operations.json(201, Shapes.JSON.createObjectNode().put("Statement", st.toString()));
    }
  }

  private static void condition(ObjectNode condition, String operator, String key, String value) {
    if (value != null) {
      ObjectNode op = condition.has(operator) ? (ObjectNode) condition.get(operator) : condition.putObject(operator);
      op.put(key, value);
    }
  }

  private HttpResponse getPolicy(HttpRequest r, List<String> p) {
    synchronized (plane) {
      FunctionId.Reference ref = Operations.reference(p.get(0));
      Store.Function f = ops.function(ref);
      Store.Policy policy = f.policies.get(policyQualifier(r, ref, f));
      if (policy == null || policy.statements().isEmpty()) {
        throw new ResourceNotFoundException(NOT_FOUND);
      }
      ObjectNode doc = Shapes.JSON.createObjectNode().put("Version", "2012-10-17").put("Id", "default");
      ArrayNode st = doc.putArray("Statement");
      policy.statements().values().forEach(st::add);
      return Operations.json(200, Shapes.JSON.createObjectNode().put("Policy", doc.toString())
          .put("RevisionId", policy.revisionId()));
    }
  }

  private HttpResponse removePermission(HttpRequest r, List<String> p) {
    synchronized (plane) {
      FunctionId.Reference ref = Operations.reference(p.get(0));
      Store.Function f = ops.function(ref);
      String q = policyQualifier(r, ref, f);
      Store.Policy policy = f.policies.get(q);
      String sid = p.get(1);
      if (policy == null || !policy.statements().containsKey(sid)) {
        throw new ResourceNotFoundException("Statement " + sid + " is not found in resource policy.");
      }
      Optional<String> rev = Operations.query(r, "RevisionId");
      if (rev.isPresent() && !rev.get().equals(policy.revisionId())) {
        throw new PreconditionFailedException("The Revision Id provided does not match the latest Revision Id. Call"
            + " the GetPolicy API to retrieve the latest Revision Id");
      }
      Map<String, ObjectNode> statements = new LinkedHashMap<>(policy.statements());
      statements.remove(sid);
      f.policies.put(q, new Store.Policy(statements, ControlPlane.newRevisionId()));
      plane.persist();
      ops.log("RemovePermission " + arn(f, q) + " " + sid);
      return HttpResponse.empty(204);
    }
  }

  // ---------------------------------------------------------------- serving the URLs

  /**
   * The answer to a request on a Function URL host of this plane, under the front door's request
   * id; empty when the Host is not one of its URLs.
   */
  Optional<HttpResponse> serve(HttpRequest r, String requestId) {
    Optional<HttpResponse> answer = answer(r, requestId);
    answer.ifPresent(resp -> resp.headers().set("x-amzn-RequestId", requestId));
    return answer;
  }

  private Optional<HttpResponse> answer(HttpRequest r, String requestId) {
    Matcher m = URL_HOST.matcher(r.headers().first("Host").orElse("").toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return Optional.empty();
    }
    String name = null;
    Store.UrlConfig u = null;
    List<String> missing;
    synchronized (plane) {
      for (Store.Function f : plane.functions.values()) {
        for (Store.UrlConfig c : f.urls.values()) {
          if (c.urlId().equals(m.group(1))) {
            name = f.name;
            u = c;
          }
        }
      }
      if (u == null) {
        return Optional.of(forbidden("Forbidden", "ResourceNotFoundException"));
      }
      missing = u.authType().equals("NONE") ? missingPublicStatements(plane.functions.get(name), u.qualifier()) : List.of();
    }
    String target = name + (u.qualifier().isEmpty() ? "" : ":" + u.qualifier());
    Optional<String> origin = r.headers().first("Origin");
    if (r.method().equals("OPTIONS") && u.cors() != null && origin.isPresent()
        && r.headers().has("Access-Control-Request-Method")) {
      return Optional.of(preflight(u.cors(), origin.get(), r));
    }
    if (u.authType().equals("AWS_IAM")) {
      Optional<String> refusal = plane.sigV4().refusal(r);
      if (refusal.isPresent()) {
        plane.logSink.line("[function url] 403 for " + target + " (AWS_IAM): " + refusal.get());
        return Optional.of(withCors(forbidden("Forbidden", "AccessDeniedException"), u.cors(), origin));
      }
    } else if (!missing.isEmpty()) {
      plane.logSink.line("[function url] 403 for " + target + " (NONE): the resource policy of " + target
          + " lacks " + String.join(" and ", missing) + "; since October 2025 a public URL needs both statements");
      return Optional.of(withCors(forbidden("Forbidden", "AccessDeniedException"), u.cors(), origin));
    }
    HttpResponse response;
    String qualifier = u.qualifier().isEmpty() ? null : u.qualifier();
    try {
      ControlPlane.Target t = plane.invokeTarget(name, qualifier);
      if ("RESPONSE_STREAM".equals(u.invokeMode()) && !r.bodyTooLarge()) {
        // the target stays open until the streamed response is written
        response = FunctionUrlHandler.streamed(r, t.function(), requestId, qualifier, t);
      } else {
        try (t) {
          response = FunctionUrlHandler.handle(r, t.function(), requestId, qualifier);
        }
      }
    } catch (LambdaServiceException e) {
      int status = e.statusCode() == 429 ? 429 : 502;
      response = HttpResponse.json(status, "{\"Message\":\"" + (status == 429 ? "Rate Exceeded." : "Internal Server Error")
          + "\"}");
    }
    return Optional.of(withCors(response, u.cors(), origin));
  }

  /** Which of the two public statements a NONE URL needs is missing from the qualifier's own policy. */
  private static List<String> missingPublicStatements(Store.Function f, String qualifier) {
    Store.Policy policy = f.policies.get(qualifier);
    boolean url = false;
    boolean invoke = false;
    if (policy != null) {
      for (ObjectNode st : policy.statements().values()) {
        if (!st.path("Effect").asText().equals("Allow") || !st.path("Principal").asText("").equals("*")) {
          continue;
        }
        String action = st.path("Action").asText();
        JsonNode cond = st.path("Condition");
        if ((action.equals("lambda:InvokeFunctionUrl") || action.equals("lambda:*") || action.equals("*"))
            && cond.path("StringEquals").path("lambda:FunctionUrlAuthType").asText("NONE").equals("NONE")) {
          url = true;
        }
        if ((action.equals("lambda:InvokeFunction") || action.equals("lambda:*") || action.equals("*"))
            && (cond.isMissingNode() || cond.path("Bool").path("lambda:InvokedViaFunctionUrl").asText().equals("true"))) {
          invoke = true;
        }
      }
    }
    List<String> missing = new ArrayList<>();
    if (!url) {
      missing.add("a statement allowing lambda:InvokeFunctionUrl to principal * with lambda:FunctionUrlAuthType NONE"
          + " (add-permission --action lambda:InvokeFunctionUrl --principal '*' --function-url-auth-type NONE)");
    }
    if (!invoke) {
      missing.add("a statement allowing lambda:InvokeFunction to principal * with lambda:InvokedViaFunctionUrl true"
          + " (add-permission --action lambda:InvokeFunction --principal '*' --invoked-via-function-url)");
    }
    return missing;
  }

  private static HttpResponse forbidden(String message, String errorType) {
    return HttpResponse.json(403, "{\"Message\":\"" + message + "\"}").header("x-amzn-ErrorType", errorType);
  }

  private static boolean originAllowed(JsonNode cors, String origin) {
    for (JsonNode o : cors.path("AllowOrigins")) {
      if (o.asText().equals("*") || o.asText().equalsIgnoreCase(origin)) {
        return true;
      }
    }
    return false;
  }

  /** A CORS preflight answered from the config, as the URL service does, without invoking the function. */
  private static HttpResponse preflight(JsonNode cors, String origin, HttpRequest r) {
    HttpResponse resp = HttpResponse.empty(200);
    String method = r.headers().first("Access-Control-Request-Method").orElse("");
    boolean methodAllowed = false;
    for (JsonNode m : cors.path("AllowMethods")) {
      methodAllowed |= m.asText().equals("*") || m.asText().equalsIgnoreCase(method);
    }
    if (!originAllowed(cors, origin) || !methodAllowed) {
      return resp; // no Access-Control-* headers: the browser refuses the request
    }
    resp.header("Access-Control-Allow-Origin", allowOriginValue(cors, origin));
    resp.header("Access-Control-Allow-Methods", join(cors.path("AllowMethods")));
    if (cors.path("AllowHeaders").size() > 0) {
      resp.header("Access-Control-Allow-Headers", join(cors.path("AllowHeaders")));
    }
    if (cors.has("MaxAge")) {
      resp.header("Access-Control-Max-Age", cors.get("MaxAge").asText());
    }
    if (cors.path("AllowCredentials").asBoolean(false)) {
      resp.header("Access-Control-Allow-Credentials", "true");
    }
    return resp.header("Vary", "Origin");
  }

  private static HttpResponse withCors(HttpResponse resp, JsonNode cors, Optional<String> origin) {
    if (cors == null || origin.isEmpty() || !originAllowed(cors, origin.get())) {
      return resp;
    }
    resp.headers().set("Access-Control-Allow-Origin", allowOriginValue(cors, origin.get()));
    if (cors.path("ExposeHeaders").size() > 0) {
      resp.headers().set("Access-Control-Expose-Headers", join(cors.path("ExposeHeaders")));
    }
    if (cors.path("AllowCredentials").asBoolean(false)) {
      resp.headers().set("Access-Control-Allow-Credentials", "true");
    }
    resp.headers().add("Vary", "Origin");
    return resp;
  }

  private static String allowOriginValue(JsonNode cors, String origin) {
    boolean any = false;
    for (JsonNode o : cors.path("AllowOrigins")) {
      any |= o.asText().equals("*");
    }
    return any && !cors.path("AllowCredentials").asBoolean(false) ? "*" : origin;
  }

  private static String join(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(e -> out.add(e.asText()));
    return String.join(",", out);
  }
}
