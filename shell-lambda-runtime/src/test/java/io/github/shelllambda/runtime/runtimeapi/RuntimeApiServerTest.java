package io.github.shelllambda.runtime.runtimeapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Runtime API server over real loopback HTTP, driven as a runtime would drive it. */
class RuntimeApiServerTest {
  final List<String> events = new CopyOnWriteArrayList<>();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  RuntimeApiServer server;
  String base;

  @BeforeEach
  void start() throws Exception {
    server =
        RuntimeApiServer.start(
            new RuntimeApiServer.Listener() {
              public void ready() {
                events.add("ready");
              }

              public void delivered(String id) {
                events.add("delivered " + id);
              }

              public void response(String id, byte[] body) {
                events.add("response " + id + " " + new String(body));
              }

              public void error(String id, String type, byte[] body) {
                events.add("error " + id + " " + type + " " + new String(body));
              }

              public void responseTooLarge(String id, long declared) {
                events.add("too-large " + id);
              }

              public void initError(String type, byte[] body) {
                events.add("init-error " + type + " " + new String(body));
              }
            },
            "shell-lambda-test-api");
    base = "http://" + server.address() + "/2018-06-01/runtime/";
  }

  @AfterEach
  void stop() {
    server.close();
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  RuntimeApiServer.Delivery delivery(String id, String cc, String cognito) {
    return new RuntimeApiServer.Delivery(
        id, 1_700_000_000_123L, "arn:aws:lambda:us-east-1:000000000000:function:f", "Root=1-abc-def;Sampled=0", cc, cognito,
        "{\"k\":1}".getBytes());
  }

  @Test
  void nextCarriesEveryHeaderAndAResponseIsAccepted() throws Exception {
    CompletableFuture<HttpResponse<String>> next =
        http.sendAsync(HttpRequest.newBuilder(URI.create(base + "invocation/next")).GET().build(), HttpResponse.BodyHandlers.ofString());
    server.deliver(delivery("id-1", "{\"custom\":{}}", "{\"cognitoIdentityId\":\"x\"}"));
    HttpResponse<String> r = next.get();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"k\":1}");
    assertThat(r.headers().firstValue("Lambda-Runtime-Aws-Request-Id")).contains("id-1");
    assertThat(r.headers().firstValue("Lambda-Runtime-Deadline-Ms")).contains("1700000000123");
    assertThat(r.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn")).contains("arn:aws:lambda:us-east-1:000000000000:function:f");
    assertThat(r.headers().firstValue("Lambda-Runtime-Trace-Id")).contains("Root=1-abc-def;Sampled=0");
    assertThat(r.headers().firstValue("Lambda-Runtime-Client-Context")).contains("{\"custom\":{}}");
    assertThat(r.headers().firstValue("Lambda-Runtime-Cognito-Identity")).contains("{\"cognitoIdentityId\":\"x\"}");

    HttpResponse<String> accepted = post("invocation/id-1/response", "\"done\"".getBytes());
    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(events).containsExactly("ready", "delivered id-1", "response id-1 \"done\"");
  }

  @Test
  void withoutClientContextNoSuchHeader() throws Exception {
    CompletableFuture<HttpResponse<String>> next =
        http.sendAsync(HttpRequest.newBuilder(URI.create(base + "invocation/next")).GET().build(), HttpResponse.BodyHandlers.ofString());
    server.deliver(delivery("id-0", null, null));
    HttpResponse<String> r = next.get();
    assertThat(r.headers().firstValue("Lambda-Runtime-Client-Context")).isEmpty();
    assertThat(r.headers().firstValue("Lambda-Runtime-Cognito-Identity")).isEmpty();
  }

  @Test
  void unknownIdIs400AndOutOfOrderCallsAre403() throws Exception {
    server.deliver(delivery("id-2", null, null));
    assertThat(get("invocation/next").statusCode()).isEqualTo(200);
    assertThat(post("invocation/nope/response", "1".getBytes()).statusCode()).isEqualTo(400);
    assertThat(post("invocation/nope/response", "1".getBytes()).body()).contains("InvalidRequestID");
    // /next again before answering id-2
    HttpResponse<String> early = get("invocation/next");
    assertThat(early.statusCode()).isEqualTo(403);
    assertThat(early.body()).contains("InvalidStateTransition");
    // init/error after init
    assertThat(post("init/error", "{}".getBytes()).statusCode()).isEqualTo(403);
    assertThat(post("invocation/id-2/error", "{\"errorMessage\":\"m\",\"errorType\":\"Function.X\"}".getBytes(),
            "Lambda-Runtime-Function-Error-Type", "Function.X").statusCode())
        .isEqualTo(202);
    // answering twice
    assertThat(post("invocation/id-2/response", "1".getBytes()).statusCode()).isEqualTo(403);
    assertThat(events).contains("error id-2 Function.X {\"errorMessage\":\"m\",\"errorType\":\"Function.X\"}");
    assertThat(get("nothing/here").statusCode()).isEqualTo(404);
  }

  @Test
  void oversizeResponseIs413() throws Exception {
    server.deliver(delivery("id-3", null, null));
    assertThat(get("invocation/next").statusCode()).isEqualTo(200);
    byte[] big = new byte[RuntimeApiServer.MAX_RESPONSE_BYTES + 1];
    HttpResponse<String> r = post("invocation/id-3/response", big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("RequestEntityTooLarge");
    assertThat(events).contains("too-large id-3");
    // exactly at the limit is fine
    server.deliver(delivery("id-4", null, null));
    assertThat(get("invocation/next").statusCode()).isEqualTo(200);
    assertThat(post("invocation/id-4/response", new byte[RuntimeApiServer.MAX_RESPONSE_BYTES]).statusCode()).isEqualTo(202);
  }

  @Test
  void initErrorBeforeTheFirstNext() throws Exception {
    HttpResponse<String> r =
        post("init/error", "{\"errorMessage\":\"bad\",\"errorType\":\"Runtime.X\"}".getBytes(), "Lambda-Runtime-Function-Error-Type", "Runtime.X");
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(events).containsExactly("init-error Runtime.X {\"errorMessage\":\"bad\",\"errorType\":\"Runtime.X\"}");
  }
}
