package io.github.shelllambda.runtime;

import io.github.shelllambda.runtime.frontdoor.FrontDoor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Function URL round trips: real bootstrap, bash handler with the jq layer (gojq). */
class FunctionUrlTest {
  @TempDir static Path dir;
  static LocalFunction fn;
  static FrontDoor door;
  static final CopyOnWriteArrayList<String> log = new CopyOnWriteArrayList<>();
  static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final ObjectMapper JSON = new ObjectMapper();

  static final String HANDLER =
      String.join(
          "\n",
          "run() {",
          "  local ev path; ev=$(cat)",
          "  path=$(jq -r .rawPath <<<\"$ev\")",
          "  case $path in",
          "    /echo*) printf '{\"statusCode\":201,\"headers\":{\"x-test\":\"yes\"},\"cookies\":[\"s=1; Path=/\",\"t=2\"],"
              + "\"body\":\"%s\",\"isBase64Encoded\":true}' \"$(printf %s \"$ev\" | base64 -w0)\" ;;",
          "    /array) echo '[1,2,3]' ;;",
          "    /text) echo hello ;;",
          "    /fail) echo boom >&2; return 1 ;;",
          "  esac",
          "}",
          "");

  @BeforeAll
  static void start() throws Exception {
    fn =
        TestFunctions.function(dir, HANDLER)
            .layer(TestFunctions.jqLayer(dir, TestFunctions.host()))
            .configuration(TestFunctions.config("url-fn").build())
            .logSink(log::add)
            .start();
    door = FrontDoor.start(0, fn);
  }

  @AfterAll
  static void stop() {
    door.close();
    fn.close();
  }

  static HttpResponse<byte[]> send(HttpRequest.Builder b) throws Exception {
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void getWithQueryAndCookies() throws Exception {
    HttpResponse<byte[]> r =
        send(
            HttpRequest.newBuilder(URI.create(door.functionUrl("url-fn") + "echo/a%20b?x=1&x=2&y=hello%20world"))
                .header("Cookie", "c1=v1; c2=v2")
                .header("X-Multi", "one")
                .header("X-Multi", "two")
                .header("User-Agent", "url-test")
                .GET());
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue("x-test")).contains("yes");
    assertThat(r.headers().allValues("set-cookie")).containsExactly("s=1; Path=/", "t=2");
    assertThat(r.headers().firstValue("content-type")).contains("application/json");
    JsonNode ev = JSON.readTree(r.body());
    assertThat(ev.get("version").asText()).isEqualTo("2.0");
    assertThat(ev.get("routeKey").asText()).isEqualTo("$default");
    assertThat(ev.get("rawPath").asText()).isEqualTo("/echo/a%20b");
    assertThat(ev.get("rawQueryString").asText()).isEqualTo("x=1&x=2&y=hello%20world");
    assertThat(ev.get("cookies")).hasSize(2);
    assertThat(ev.get("cookies").get(0).asText()).isEqualTo("c1=v1");
    assertThat(ev.get("headers").get("x-multi").asText()).isEqualTo("one,two");
    assertThat(ev.get("headers").has("cookie")).isFalse();
    assertThat(ev.get("queryStringParameters").get("x").asText()).isEqualTo("1,2");
    assertThat(ev.get("queryStringParameters").get("y").asText()).isEqualTo("hello world");
    JsonNode rc = ev.get("requestContext");
    assertThat(rc.get("http").get("method").asText()).isEqualTo("GET");
    assertThat(rc.get("http").get("path").asText()).isEqualTo("/echo/a b");
    assertThat(rc.get("http").get("protocol").asText()).isEqualTo("HTTP/1.1");
    assertThat(rc.get("http").get("sourceIp").asText()).isEqualTo("127.0.0.1");
    assertThat(rc.get("http").get("userAgent").asText()).isEqualTo("url-test");
    assertThat(rc.get("domainName").asText()).endsWith(".lambda-url.us-east-1.on.aws").startsWith(rc.get("domainPrefix").asText());
    assertThat(rc.get("apiId").asText()).hasSize(32);
    assertThat(rc.get("stage").asText()).isEqualTo("$default");
    assertThat(rc.get("timeEpoch").asLong()).isPositive();
    assertThat(rc.get("time").asText()).matches("\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000");
    assertThat(rc.get("requestId").asText()).isNotBlank();
    assertThat(ev.get("isBase64Encoded").asBoolean()).isFalse();
    assertThat(ev.has("body")).isFalse();
  }

  @Test
  void postWithABinaryBody() throws Exception {
    byte[] bin = {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10, 13};
    HttpResponse<byte[]> r =
        send(
            HttpRequest.newBuilder(URI.create(door.functionUrl("url-fn") + "echo"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bin)));
    assertThat(r.statusCode()).isEqualTo(201);
    JsonNode ev = JSON.readTree(r.body());
    assertThat(ev.get("requestContext").get("http").get("method").asText()).isEqualTo("POST");
    assertThat(ev.get("isBase64Encoded").asBoolean()).isTrue();
    assertThat(Base64.getDecoder().decode(ev.get("body").asText())).isEqualTo(bin);

    HttpResponse<byte[]> text =
        send(
            HttpRequest.newBuilder(URI.create(door.functionUrl("url-fn") + "echo"))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":\"é\"}")));
    JsonNode ev2 = JSON.readTree(text.body());
    assertThat(ev2.get("isBase64Encoded").asBoolean()).isFalse();
    assertThat(ev2.get("body").asText()).isEqualTo("{\"a\":\"é\"}");
  }

  @Test
  void plainJsonArrayIsA200JsonBody() throws Exception {
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(door.functionUrl("url-fn") + "array")).GET());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).contains("application/json");
    assertThat(new String(r.body()).strip()).isEqualTo("[1,2,3]");
  }

  @Test
  void plainTextIs502WithALogLine() throws Exception {
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(door.functionUrl("url-fn") + "text")).GET());
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(log).anyMatch(l -> l.contains("output is not JSON") && l.contains("hello"));
  }

  @Test
  void functionErrorIs502() throws Exception {
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(door.functionUrl("url-fn") + "fail")).GET());
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(new String(r.body())).contains("Internal Server Error");
  }
}
