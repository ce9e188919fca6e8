package io.github.shelllambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.function.InvokeRequest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded runtime sets AWS_LAMBDA_LOG_FORMAT (always) and AWS_LAMBDA_LOG_LEVEL (with JSON)
 * from the function's logging configuration, as Lambda's advanced logging controls do, so the
 * toolkit's lambda_log writes JSON lines or plain text accordingly.
 */
class LoggingControlsTest {
  static final String HANDLER = """
      run() {
        lambda_log INFO hello
        lambda_log DEBUG hidden-below-the-level
        printf '%s|%s' "$AWS_LAMBDA_LOG_FORMAT" "${AWS_LAMBDA_LOG_LEVEL-unset}"
      }
      """;

  @TempDir Path dir;

  @Test
  void jsonFormatMakesLambdaLogPrintJsonLinesWithTheRequestIdAtTheConfiguredLevel() throws Exception {
    FunctionConfiguration config = TestFunctions.config("fn")
        .logging(new FunctionConfiguration.Logging("JSON", "INFO", "INFO", "/aws/lambda/fn")).build();
    try (LocalFunction fn = TestFunctions.function(dir, HANDLER).configuration(config).start()) {
      Invocation inv = fn.invoke(InvokeRequest.of("{}"));
      assertThat(inv.payloadAsString()).isEqualTo("JSON|INFO");
      List<String> json = Arrays.stream(inv.log().split("\n")).filter(l -> l.startsWith("{")).toList();
      assertThat(json).hasSize(1);
      JsonNode line = new ObjectMapper().readTree(json.get(0));
      assertThat(line.path("level").asText()).isEqualTo("INFO");
      assertThat(line.path("message").asText()).isEqualTo("hello");
      assertThat(line.path("requestId").asText()).isEqualTo(inv.requestId());
      assertThat(inv.log()).doesNotContain("hidden-below-the-level");
    }
  }

  @Test
  void jsonWithoutALevelIsInfoAsInLambda() throws Exception {
    FunctionConfiguration config = TestFunctions.config("fn")
        .logging(new FunctionConfiguration.Logging("JSON", null, null, "/aws/lambda/fn")).build();
    try (LocalFunction fn = TestFunctions.function(dir, HANDLER).configuration(config).start()) {
      assertThat(fn.invoke(InvokeRequest.of("{}")).payloadAsString()).isEqualTo("JSON|INFO");
    }
  }

  @Test
  void textFormatByDefaultPrintsPlainLinesAndNoLevel() throws Exception {
    try (LocalFunction fn = TestFunctions.function(dir, HANDLER).start()) {
      Invocation inv = fn.invoke(InvokeRequest.of("{}"));
      assertThat(inv.payloadAsString()).isEqualTo("Text|unset");
      assertThat(inv.log()).containsPattern("\\[INFO]\t[^\t]+Z\t" + inv.requestId() + "\thello\n");
      assertThat(inv.log()).doesNotContain("{\"timestamp\"");
      assertThat(inv.log()).contains("hidden-below-the-level"); // no level: nothing is dropped
    }
  }
}
