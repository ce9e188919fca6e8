package io.github.shelllambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.function.InvokeRequest;
import io.github.shelllambda.runtime.function.ResourceNotFoundException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A LocalFunction started as a published version runs as that version (environment, START line,
 * executed version) and answers only to its own version, or to an alias a control plane resolved
 * for it; the invoked ARN carries the qualifier the caller used.
 */
class LocalFunctionVersionTest {
  static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:fn";
  static final String WHOAMI =
      "run() { printf '%s %s' \"$AWS_LAMBDA_FUNCTION_VERSION\" \"$LAMBDA_RUNTIME_INVOKED_FUNCTION_ARN\"; }\n";

  @TempDir Path dir;

  @Test
  void aVersionRunsAsItselfAndAnswersItsOwnQualifierOrAResolvedAlias() throws Exception {
    try (LocalFunction fn = TestFunctions.function(dir, WHOAMI).version("3").start()) {
      assertThat(fn.version()).isEqualTo("3");

      Invocation plain = fn.invoke(InvokeRequest.of("{}"));
      assertThat(plain.payloadAsString()).isEqualTo("3 " + ARN);
      assertThat(plain.executedVersion()).isEqualTo("3");
      assertThat(plain.log()).contains("START RequestId: " + plain.requestId() + " Version: 3\n");

      assertThat(fn.invoke(InvokeRequest.of("{}").withQualifier("3")).payloadAsString()).isEqualTo("3 " + ARN + ":3");
      assertThat(fn.invoke(InvokeRequest.of("{}").withResolvedQualifier("live")).payloadAsString())
          .as("an alias a control plane routed here").isEqualTo("3 " + ARN + ":live");

      assertThatThrownBy(() -> fn.invoke(InvokeRequest.of("{}").withQualifier("live")))
          .as("an alias nobody resolved").isInstanceOf(ResourceNotFoundException.class)
          .hasMessage("Function not found: " + ARN + ":live");
      assertThatThrownBy(() -> fn.invoke(InvokeRequest.of("{}").withQualifier("$LATEST")))
          .as("$LATEST is another version").isInstanceOf(ResourceNotFoundException.class)
          .hasMessage("Function not found: " + ARN + ":$LATEST");
      assertThatThrownBy(() -> fn.invoke(InvokeRequest.of("{}").withResolvedQualifier("4")))
          .as("a resolved qualifier is this version or an alias, never another version")
          .isInstanceOf(ResourceNotFoundException.class);
    }
  }

  @Test
  void byDefaultItIsLatestAndRefusesAliases() throws Exception {
    try (LocalFunction fn = TestFunctions.function(dir, WHOAMI).start()) {
      Invocation inv = fn.invoke(InvokeRequest.of("{}").withQualifier("$LATEST"));
      assertThat(inv.payloadAsString()).isEqualTo("$LATEST " + ARN + ":$LATEST");
      assertThat(inv.executedVersion()).isEqualTo("$LATEST");
      assertThat(inv.log()).contains(" Version: $LATEST\n");
      assertThatThrownBy(() -> fn.invoke(InvokeRequest.of("{}").withQualifier("1")))
          .isInstanceOf(ResourceNotFoundException.class).hasMessage("Function not found: " + ARN + ":1");
    }
  }

  @Test
  void anAliasIsNotAVersion() {
    assertThatThrownBy(() -> TestFunctions.function(dir, WHOAMI).version("live").start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 'live' is not a Lambda function version");
  }
}
