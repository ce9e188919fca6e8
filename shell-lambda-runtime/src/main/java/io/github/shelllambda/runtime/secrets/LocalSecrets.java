package io.github.shelllambda.runtime.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.shelllambda.runtime.http.HttpRequest;
import io.github.shelllambda.runtime.http.HttpResponse;
import io.github.shelllambda.runtime.http.HttpServer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets Manager {@code GetSecretValue} and SSM {@code GetParameter} served on 127.0.0.1 from
 * fake values, so a handler's {@code lambda_secret} runs its real code path offline: a JSON 1.1
 * POST told apart by {@code X-Amz-Target}, refused unless SigV4-signed (any well-formed signature
 * whose scope names the right service). Keys are what the handler asks for: {@code NAME} for a
 * secret, {@code ssm:NAME} for a parameter. Values are never logged and never in an error.
 *
 * <p>{@link #environment()} gives the function what it needs to reach this server: the AWS SDKs'
 * endpoint variables, and stand-in credentials when the function has none.
 */
public final class LocalSecrets implements AutoCloseable {
  public static final String SECRETS_MANAGER_ENDPOINT = "AWS_ENDPOINT_URL_SECRETS_MANAGER";
  public static final String SSM_ENDPOINT = "AWS_ENDPOINT_URL_SSM";
  /** Stand-in credentials (Lambda's test key from the AWS docs), for a function given none. */
  public static final Map<String, String> STAND_IN_CREDENTIALS = Map.of(
      "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
      "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/,\\s]+)/(\\d{8})/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request,\\s*"
          + "SignedHeaders=([a-z0-9;-]+),\\s*Signature=([0-9a-f]{64})");
  private static final long MAX_BODY = 64 * 1024;

  private final Map<String, String> values;
  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  private LocalSecrets(Map<String, String> values) throws IOException {
    this.values = Map.copyOf(values);
    this.server = HttpServer.start(0, "shell-lambda-secrets", MAX_BODY, this::handle);
  }

  /** Starts serving {@code values} (name, or {@code ssm:name}, to value) on an ephemeral loopback port. */
  public static LocalSecrets start(Map<String, String> values) throws IOException {
    return new LocalSecrets(values);
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.port();
  }

  /** Requests served so far, refused ones included. */
  public int requestCount() {
    return requests.get();
  }

  /** The variables pointing a function at this server: both endpoint variables. */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(SECRETS_MANAGER_ENDPOINT, endpoint());
    env.put(SSM_ENDPOINT, endpoint());
    return env;
  }

  /** The credentials the function gets: its own when it has an access key, else {@link #STAND_IN_CREDENTIALS}. */
  public static Map<String, String> credentials(Map<String, String> credentials) {
    return credentials.containsKey("AWS_ACCESS_KEY_ID") ? credentials : STAND_IN_CREDENTIALS;
  }

  private HttpResponse handle(HttpRequest req) {
    requests.incrementAndGet();
    if (!req.method().equalsIgnoreCase("POST")) {
      return error(405, "UnknownOperationException", "only POST is served");
    }
    String target = req.headers().first("X-Amz-Target").orElse("");
    String service = target.startsWith("secretsmanager.") ? "secretsmanager"
        : target.startsWith("AmazonSSM.") ? "ssm" : null;
    if (service == null) {
      return error(400, "UnknownOperationException", "X-Amz-Target '" + target + "' is no operation served here");
    }
    String authorization = req.headers().first("Authorization").orElse("");
    Matcher m = AUTHORIZATION.matcher(authorization);
    if (!m.matches() || !req.headers().has("X-Amz-Date")) {
      return error(403, "IncompleteSignatureException",
          "the request is not SigV4-signed (an Authorization: AWS4-HMAC-SHA256 header and X-Amz-Date are needed)");
    }
    if (!m.group(4).equals(service)) {
      return error(403, "InvalidSignatureException",
          "the signature's scope names the service '" + m.group(4) + "', expected '" + service + "'");
    }
    if (!List.of(m.group(5).split(";")).contains("x-amz-date")) {
      return error(403, "IncompleteSignatureException", "x-amz-date is not among the signed headers");
    }
    JsonNode body;
    try {
      body = JSON.readTree(req.body());
    } catch (IOException e) {
      return error(400, "SerializationException", "the body is not JSON");
    }
    String region = m.group(3);
    try {
      return switch (target) {
        case "secretsmanager.GetSecretValue" -> getSecretValue(body, region);
        case "AmazonSSM.GetParameter" -> getParameter(body, region);
        default -> error(400, "UnknownOperationException", "operation " + target + " is not served locally");
      };
    } catch (IOException e) {
      return error(500, "InternalFailure", "cannot write the answer");
    }
  }

  private HttpResponse getSecretValue(JsonNode body, String region) throws IOException {
    String id = body == null ? null : body.path("SecretId").textValue();
    if (id == null || id.isEmpty()) {
      return error(400, "InvalidParameterException", "SecretId is missing");
    }
    String value = values.get(id);
    if (value == null || id.startsWith("ssm:")) {
      return error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("ARN", id.startsWith("arn:") ? id : "arn:aws:secretsmanager:" + region + ":000000000000:secret:" + id + "-local0");
    o.put("Name", id);
    o.put("SecretString", value);
    o.put("VersionId", "00000000-0000-0000-0000-000000000001");
    o.putArray("VersionStages").add("AWSCURRENT");
    o.put("CreatedDate", 1.7e9);
    return json(200, JSON.writeValueAsString(o));
  }

  private HttpResponse getParameter(JsonNode body, String region) throws IOException {
    String name = body == null ? null : body.path("Name").textValue();
    if (name == null || name.isEmpty()) {
      return error(400, "ValidationException", "Name is missing");
    }
    String value = values.get("ssm:" + name);
    if (value == null) {
      return error(400, "ParameterNotFound", "");
    }
    ObjectNode o = JSON.createObjectNode();
    ObjectNode p = o.putObject("Parameter");
    p.put("Name", name);
    p.put("Type", "SecureString");
    p.put("Value", value);
    p.put("Version", 1);
    p.put("ARN", "arn:aws:ssm:" + region + ":000000000000:parameter" + (name.startsWith("/") ? "" : "/") + name);
    p.put("DataType", "text");
    return json(200, JSON.writeValueAsString(o));
  }

  private static HttpResponse error(int status, String type, String message) {
    ObjectNode o = JSON.createObjectNode();
    o.put("__type", type);
    o.put("message", message);
    return json(status, o.toString());
  }

  private static HttpResponse json(int status, String body) {
    return new HttpResponse(status, body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .header("Content-Type", "application/x-amz-json-1.1");
  }

  @Override
  public void close() {
    server.close();
  }
}
