package io.github.shelllambda.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.shelllambda.runtime.frontdoor.FrontDoor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import software.amazon.awssdk.core.SdkBytes;

import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponseStreamUpdate;
import software.amazon.awssdk.services.lambda.model.InvokeWithResponseStreamCompleteEvent;
import software.amazon.awssdk.services.lambda.model.InvokeWithResponseStreamRequest;
import software.amazon.awssdk.services.lambda.model.InvokeWithResponseStreamResponseHandler;

/**
 * InvokeWithResponseStream through the front door with the AWS SDK for Java v2's async client
 * (issue 16): PayloadChunk events as the function writes, in order, then InvokeComplete.
 */
class InvokeWithResponseStreamSdkTest {
  @TempDir static Path dir;
  static LocalFunction fn;
  static FrontDoor door;
  static LambdaAsyncClient lambda;

  static final String HANDLER = """
      run() {
        local ev; ev=$(cat)
        case $ev in
          *live*)
            echo first
            # waits until the client saw the first event (at most 60 s)
            for ((i = 0; i < 1200; i++)); do [[ -e $GO_FILE ]] && break; sleep 0.05; done
            echo last ;;
          *fail*) lambda_error Custom.Failed 'before any output' ;;
          *midway*) echo partial; lambda_error Custom.Midway 'after the first bytes' ;;
        esac
      }
      """;

  @BeforeAll
  static void start() throws Exception {
    fn = TestFunctions.function(dir, HANDLER)
        .configuration(TestFunctions.config("sdk-stream")
            .environmentVariable("SHELL_LAMBDA_RESPONSE_STREAM", "1")
            .environmentVariable("GO_FILE", dir.resolve("go").toString())
            .build())
        .start();
    door = FrontDoor.start(0, fn);
    lambda = LocalLambdaClients.async(door.endpoint());
  }

  @AfterAll
  static void stop() {
    lambda.close();
    door.close();
    fn.close();
  }

  @Test
  void eventsArriveInOrderWhileTheFunctionRuns() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    InvokeWithResponseStreamResponseHandler handler = InvokeWithResponseStreamResponseHandler.builder()
        .subscriber(InvokeWithResponseStreamResponseHandler.Visitor.builder()
            .onPayloadChunk((InvokeResponseStreamUpdate u) -> {
              byte[] b = u.payload().asByteArray();
              synchronized (body) {
                body.writeBytes(b);
              }
              if (events.isEmpty()) {
                // the function waits for this file: it cannot end before the first event arrived
                try {
                  Files.writeString(dir.resolve("go"), "go");
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
              events.add("chunk:" + new String(b, UTF_8));
            })
            .onInvokeComplete((InvokeWithResponseStreamCompleteEvent c) -> events.add("complete:" + c.errorCode()))
            .build())
        .build();
    lambda.invokeWithResponseStream(
            InvokeWithResponseStreamRequest.builder().functionName("sdk-stream").payload(SdkBytes.fromUtf8String("\"live\"")).build(),
            handler)
        .get(60, TimeUnit.SECONDS);
    assertThat(events.get(0)).isEqualTo("chunk:first\n");
    assertThat(events.get(events.size() - 1)).isEqualTo("complete:null");
    assertThat(body.toString(UTF_8)).isEqualTo("first\nlast\n");
  }

  @Test
  void anErrorBeforeAnyOutputIsInInvokeComplete() throws Exception {
    List<InvokeWithResponseStreamCompleteEvent> done = new CopyOnWriteArrayList<>();
    lambda.invokeWithResponseStream(
            InvokeWithResponseStreamRequest.builder().functionName("sdk-stream").payload(SdkBytes.fromUtf8String("\"fail\"")).build(),
            InvokeWithResponseStreamResponseHandler.builder()
                .subscriber(InvokeWithResponseStreamResponseHandler.Visitor.builder().onInvokeComplete(done::add).build())
                .build())
        .get(60, TimeUnit.SECONDS);
    assertThat(done).hasSize(1);
    assertThat(done.get(0).errorCode()).isEqualTo("Custom.Failed");
    // ErrorDetails: the error document, as an Invoke caller gets it in its payload
    com.fasterxml.jackson.databind.JsonNode details =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(done.get(0).errorDetails());
    assertThat(details.path("errorType").asText()).isEqualTo("Custom.Failed");
    assertThat(details.path("errorMessage").asText()).isEqualTo("before any output");
  }

  @Test
  void anErrorAfterTheFirstBytesFollowsThemInInvokeComplete() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    List<InvokeWithResponseStreamCompleteEvent> done = new CopyOnWriteArrayList<>();
    lambda.invokeWithResponseStream(
            InvokeWithResponseStreamRequest.builder().functionName("sdk-stream").payload(SdkBytes.fromUtf8String("\"midway\"")).build(),
            InvokeWithResponseStreamResponseHandler.builder()
                .subscriber(InvokeWithResponseStreamResponseHandler.Visitor.builder()
                    .onPayloadChunk(c -> events.add("chunk:" + c.payload().asUtf8String()))
                    .onInvokeComplete(c -> {
                      events.add("complete");
                      done.add(c);
                    })
                    .build())
                .build())
        .get(60, TimeUnit.SECONDS);
    assertThat(events).containsExactly("chunk:partial\n", "complete");
    assertThat(done.get(0).errorCode()).isEqualTo("Custom.Midway");
    com.fasterxml.jackson.databind.JsonNode details =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(done.get(0).errorDetails());
    assertThat(details.path("errorType").asText()).isEqualTo("Custom.Midway");
    assertThat(details.path("errorMessage").asText()).isEqualTo("after the first bytes");
  }
}
