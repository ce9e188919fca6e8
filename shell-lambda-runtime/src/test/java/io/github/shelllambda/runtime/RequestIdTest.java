package io.github.shelllambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.shelllambda.runtime.frontdoor.FrontDoor;
import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.function.InvokeRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import software.amazon.awssdk.core.SdkBytes;


import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LogType;

/**
 * One request id per request: what the client gets in {@code x-amzn-RequestId} is the id the
 * handler sees in {@code LAMBDA_RUNTIME_AWS_REQUEST_ID}, the id of START/END/REPORT (in the log
 * sink and the Tail log), of the {@link Invocation} and its report, and for a Function URL the
 * event's {@code requestContext.requestId}. Real bootstrap, bash handler.
 */
class RequestIdTest {
  @TempDir static Path dir;
  static LocalFunction fn;
  static FrontDoor door;
  static LambdaClient lambda;
  static final CopyOnWriteArrayList<String> sink = new CopyOnWriteArrayList<>();
  static final Map<String, Invocation> finished = new ConcurrentHashMap<>();
  static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** Prints its request id; behind a Function URL also the event's requestContext.requestId. */
  static final String HANDLER =
      String.join(
          "\n",
          "run() {",
          "  local ev; ev=$(cat)",
          "  if [[ $ev =~ \\\"requestContext\\\".*\\\"requestId\\\":\\\"([^\\\"]+)\\\" ]]; then",
          "    printf '{\"statusCode\":200,\"headers\":{\"x-amzn-RequestId\":\"not-the-function-s\"},"
              + "\"body\":\"%s %s\"}' \"${BASH_REMATCH[1]}\" \"$LAMBDA_RUNTIME_AWS_REQUEST_ID\"",
          "  else",
          "    printf '\"%s\"' \"$LAMBDA_RUNTIME_AWS_REQUEST_ID\"",
          "  fi",
          "}",
          "");

  @BeforeAll
  static void start() throws Exception {
    fn = TestFunctions.function(dir, HANDLER).configuration(TestFunctions.config("id-fn").build()).logSink(sink::add).start();
    fn.addInvocationListener(inv -> finished.put(inv.requestId(), inv));
    door = FrontDoor.start(0, fn);
    lambda =
        LocalLambdaClients.sync(door.endpoint());
  }

  @AfterAll
  static void stop() {
    lambda.close();
    door.close();
    fn.close();
  }

  @Test
  void anInvokeCallsRequestIdIsTheHandlersAndTheReports() {
    InvokeResponse r =
        lambda.invoke(b -> b.functionName("id-fn").logType(LogType.TAIL).payload(SdkBytes.fromUtf8String("{}")));
    String answered = r.responseMetadata().requestId();
    assertThat(answered).matches("[0-9a-f-]{36}");
    assertThat(r.payload().asUtf8String()).isEqualTo("\"" + answered + "\"");
    // the log sink has the lines before the front door answers: no waiting needed
    assertThat(sink).contains("START RequestId: " + answered + " Version: $LATEST", "END RequestId: " + answered);
    assertThat(sink).anyMatch(l -> l.startsWith("REPORT RequestId: " + answered + "\t"));
    String tail = new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
    assertThat(tail).contains("REPORT RequestId: " + answered + "\t");
    Invocation inv = finished.get(answered);
    assertThat(inv).as("the invocation given to the listener under the answered id").isNotNull();
    assertThat(inv.report().requestId()).isEqualTo(answered);
  }

  @Test
  void aFunctionUrlRequestsIdIsTheEventsTheHandlersAndTheReports() throws Exception {
    HttpResponse<String> r =
        http.send(HttpRequest.newBuilder(URI.create(door.functionUrl("id-fn") + "hello")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().allValues("x-amzn-RequestId")).as("one x-amzn-RequestId, the service's").hasSize(1);
    String answered = r.headers().firstValue("x-amzn-RequestId").orElseThrow();
    assertThat(answered).matches("[0-9a-f-]{36}");
    assertThat(r.body()).as("requestContext.requestId, then LAMBDA_RUNTIME_AWS_REQUEST_ID").isEqualTo(answered + " " + answered);
    assertThat(sink).anyMatch(l -> l.startsWith("REPORT RequestId: " + answered + "\t"));
    assertThat(finished.get(answered).report().requestId()).isEqualTo(answered);
  }

  @Test
  void anEventInvocationRunsUnderTheIdItsAcceptanceAnswered() throws Exception {
    InvokeResponse r =
        lambda.invoke(b -> b.functionName("id-fn").invocationType(InvocationType.EVENT).payload(SdkBytes.fromUtf8String("{}")));
    assertThat(r.statusCode()).isEqualTo(202);
    String answered = r.responseMetadata().requestId();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!finished.containsKey(answered) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Invocation inv = finished.get(answered);
    assertThat(inv).as("the Event invocation ran under " + answered + "; ran: " + finished.keySet()).isNotNull();
    assertThat(inv.payloadAsString()).isEqualTo("\"" + answered + "\"");
  }

  @Test
  void errorAnswersCarryTheRequestIdToo() throws Exception {
    assertThatThrownBy(() -> lambda.invoke(b -> b.functionName("nope").payload(SdkBytes.fromUtf8String("{}"))))
        .isInstanceOfSatisfying(LambdaException.class, e -> assertThat(e.requestId()).matches("[0-9a-f-]{36}"));
    HttpResponse<String> unknown =
        http.send(HttpRequest.newBuilder(URI.create(door.endpoint() + "/2015-03-31/functions/id-fn/aliases/live")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unknown.statusCode()).as("GetAlias without a control plane: 501 naming it").isEqualTo(501);
    assertThat(unknown.headers().firstValue("x-amzn-RequestId")).get().asString().matches("[0-9a-f-]{36}");
    HttpResponse<String> tooLarge =
        http.send(
            HttpRequest.newBuilder(URI.create(door.functionUrl("id-fn")))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[LocalFunction.MAX_REQUEST_BYTES + 1]))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooLarge.headers().firstValue("x-amzn-RequestId")).get().asString().matches("[0-9a-f-]{36}");
  }

  @Test
  void aDirectInvokeKeepsTheIdItIsGivenAndMintsOneOtherwise() {
    Invocation given = fn.invoke(InvokeRequest.of("{}").withRequestId("given-id-1"));
    assertThat(given.requestId()).isEqualTo("given-id-1");
    assertThat(given.payloadAsString()).isEqualTo("\"given-id-1\"");
    assertThat(given.report().requestId()).isEqualTo("given-id-1");
    Invocation minted = fn.invoke(InvokeRequest.of("{}"));
    assertThat(minted.requestId()).matches("[0-9a-f-]{36}");
    assertThat(minted.payloadAsString()).isEqualTo("\"" + minted.requestId() + "\"");
    assertThatThrownBy(() -> InvokeRequest.of("{}").withRequestId("two words"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'two words'");
  }
}
