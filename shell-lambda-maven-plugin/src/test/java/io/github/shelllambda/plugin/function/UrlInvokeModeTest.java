package io.github.shelllambda.plugin.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one rule deploy and the local goals apply for a Function URL's invoke mode. */
class UrlInvokeModeTest {
  private static final String VAR = "SHELL_LAMBDA_RESPONSE_STREAM";

  @Test
  void aResponseStreamUrlGivesTheFunctionTheVariableUnlessItsEnvironmentSetsItAlready() {
    assertThat(UrlInvokeMode.variables("RESPONSE_STREAM", Map.of("GREETING", "Hi"))).isEqualTo(Map.of(VAR, "1"));
    assertThat(UrlInvokeMode.variables("RESPONSE_STREAM", Map.of(VAR, "0"))).as("the user's value is kept").isEmpty();
    assertThat(UrlInvokeMode.variables("RESPONSE_STREAM", Map.of(VAR, "1"))).isEmpty();
    assertThat(UrlInvokeMode.variables("BUFFERED", Map.of())).isEmpty();
    assertThat(UrlInvokeMode.variables("BUFFERED", Map.of(VAR, "1"))).as("never removed").isEmpty();
  }

  @Test
  void streamsIsTheLocalFunctionsRule() {
    assertThat(UrlInvokeMode.streams(Map.of(VAR, "1"))).isTrue();
    assertThat(UrlInvokeMode.streams(Map.of(VAR, "true"))).isTrue();
    assertThat(UrlInvokeMode.streams(Map.of(VAR, "0"))).isFalse();
    assertThat(UrlInvokeMode.streams(Map.of())).isFalse();
  }

  @Test
  void oneLineSaysWhetherAndWhyTheFunctionStreams() {
    assertThat(UrlInvokeMode.describe("BUFFERED", Map.of())).isEmpty();
    assertThat(UrlInvokeMode.describe("RESPONSE_STREAM", Map.of())).hasValueSatisfying(l -> assertThat(l)
        .startsWith("Function URL invokeMode RESPONSE_STREAM: the function gets " + VAR + "=1, as deploy gives it"));
    assertThat(UrlInvokeMode.describe("RESPONSE_STREAM", Map.of(VAR, "true"))).hasValueSatisfying(l -> assertThat(l)
        .contains("the function streams its responses").contains(VAR + "=true"));
    assertThat(UrlInvokeMode.describe("RESPONSE_STREAM", Map.of(VAR, "0"))).hasValueSatisfying(l -> assertThat(l)
        .contains("sets " + VAR + "=0, so it does not stream").contains("remove " + VAR));
    assertThat(UrlInvokeMode.describe("BUFFERED", Map.of(VAR, "1"))).hasValueSatisfying(l -> assertThat(l)
        .contains("although <functionUrl><invokeMode> is BUFFERED")
        .contains("<invokeMode>RESPONSE_STREAM</invokeMode>"));
  }

  @Test
  void anUncheckedModeIsAProgrammingError() {
    assertThatThrownBy(() -> UrlInvokeMode.variables("STREAMING", Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'STREAMING'");
  }
}
