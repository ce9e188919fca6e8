package io.github.shelllambda.runtime;

import io.github.shelllambda.runtime.frontdoor.FrontDoor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import software.amazon.awssdk.core.SdkBytes;


import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvalidRequestContentException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** The AWS SDK for Java v2, unchanged, against the front door's Invoke API; real bootstrap, bash handler. */
class InvokeApiSdkTest {
  @TempDir static Path dir;
  static LocalFunction fn;
  static FrontDoor door;
  static LambdaClient lambda;
  static final CopyOnWriteArrayList<String> sinkLines = new CopyOnWriteArrayList<>();

  static final String HANDLER =
      String.join(
          "\n",
          "run() {",
          "  local ev; ev=$(cat)",
          "  echo \"handling $ev\" >&2",
          "  case $ev in",
          "    *fail*) echo 'it broke' >&2; return 3 ;;",
          "    *ctx*) printf '{\"ctx\":%s,\"arn\":\"%s\"}' \"$LAMBDA_RUNTIME_CLIENT_CONTEXT\" \"$LAMBDA_RUNTIME_INVOKED_FUNCTION_ARN\" ;;",
          "    *) printf '{\"echo\":%s}' \"$ev\" ;;",
          "  esac",
          "}",
          "");

  @BeforeAll
  static void start() throws Exception {
    fn = TestFunctions.function(dir, HANDLER).configuration(TestFunctions.config("echo-fn").build()).logSink(sinkLines::add).start();
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
  void invokesWithTailLogs() {
    InvokeResponse r =
        lambda.invoke(b -> b.functionName("echo-fn").logType(LogType.TAIL).payload(SdkBytes.fromUtf8String("{\"n\":1}")));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.functionError()).isNull();
    assertThat(r.executedVersion()).isEqualTo("$LATEST");
    assertThat(r.payload().asUtf8String()).isEqualTo("{\"echo\":{\"n\":1}}");
    String log = new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
    assertThat(log).contains("START RequestId: ", "handling {\"n\":1}", "END RequestId: ", "REPORT RequestId: ");
    assertThat(log).containsPattern("Duration: \\d+\\.\\d\\d ms\tBilled Duration: \\d+ ms\tMemory Size: 128 MB\tMax Memory Used: \\d+ MB");
    assertThat(sinkLines).anyMatch(l -> l.contains("handling {\"n\":1}"));
  }

  @Test
  void functionErrorIsUnhandledWithTheErrorDocument() {
    InvokeResponse r =
        lambda.invoke(b -> b.functionName("echo-fn").logType(LogType.TAIL).payload(SdkBytes.fromUtf8String("\"fail\"")));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.functionError()).isEqualTo("Unhandled");
    assertThat(r.payload().asUtf8String()).contains("\"errorType\"", "\"errorMessage\"", "it broke");
    assertThat(new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8)).contains("it broke");
  }

  @Test
  void qualifierClientContextAndArn() {
    String cc = Base64.getEncoder().encodeToString("{\"custom\":{\"k\":\"ctx\"}}".getBytes(StandardCharsets.UTF_8));
    InvokeResponse r =
        lambda.invoke(
            b -> b.functionName("echo-fn").qualifier("$LATEST").clientContext(cc).payload(SdkBytes.fromUtf8String("\"ctx\"")));
    assertThat(r.payload().asUtf8String())
        .isEqualTo("{\"ctx\":{\"custom\":{\"k\":\"ctx\"}},\"arn\":\"arn:aws:lambda:us-east-1:000000000000:function:echo-fn:$LATEST\"}");
    InvokeResponse byArn =
        lambda.invoke(
            b -> b.functionName("arn:aws:lambda:us-east-1:000000000000:function:echo-fn").payload(SdkBytes.fromUtf8String("2")));
    assertThat(byArn.payload().asUtf8String()).isEqualTo("{\"echo\":2}");
  }

  @Test
  void eventAndDryRun() throws Exception {
    assertThat(lambda.invoke(b -> b.functionName("echo-fn").invocationType(InvocationType.EVENT).payload(SdkBytes.fromUtf8String("{\"event\":1}"))).statusCode())
        .isEqualTo(202);
    // the Event invocation runs in the background: its log reaches the sink
    Await.until(
        "the Event invocation's log in the sink", () -> sinkLines.stream().anyMatch(l -> l.contains("handling {\"event\":1}")));
    assertThat(lambda.invoke(b -> b.functionName("echo-fn").invocationType(InvocationType.DRY_RUN).payload(SdkBytes.fromUtf8String("{\"dry\":1}"))).statusCode())
        .isEqualTo(204);
    assertThat(sinkLines).noneMatch(l -> l.contains("handling {\"dry\":1}"));
  }

  @Test
  void awsShapedErrors() {
    assertThatThrownBy(() -> lambda.invoke(b -> b.functionName("nope").payload(SdkBytes.fromUtf8String("{}"))))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope");
    assertThatThrownBy(() -> lambda.invoke(b -> b.functionName("echo-fn").qualifier("7").payload(SdkBytes.fromUtf8String("{}"))))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> lambda.invoke(b -> b.functionName("echo-fn").payload(SdkBytes.fromUtf8String("hello"))))
        .isInstanceOf(InvalidRequestContentException.class)
        .satisfies(e -> assertThat(((InvalidRequestContentException) e).statusCode()).isEqualTo(400));
    byte[] big = new byte[LocalFunction.MAX_REQUEST_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    big[0] = '1';
    assertThatThrownBy(() -> lambda.invoke(b -> b.functionName("echo-fn").payload(SdkBytes.fromByteArray(big))))
        .isInstanceOf(RequestTooLargeException.class)
        .satisfies(e -> assertThat(((RequestTooLargeException) e).statusCode()).isEqualTo(413));
  }

  @Test
  void aBusyPortIsExplained() {
    assertThatThrownBy(() -> FrontDoor.start(door.port(), fn))
        .isInstanceOf(java.net.BindException.class)
        .hasMessageContaining("cannot listen on 127.0.0.1:" + door.port())
        .hasMessageContaining("choose another port");
  }
}
