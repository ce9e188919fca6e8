package io.github.shelllambda.plugin.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.shelllambda.runtime.function.Architecture;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionConfigTest {

  @Test
  void acceptsLambdaValues() throws Exception {
    FunctionConfig c = FunctionConfig.of("my-fn_1", "handler.run", "x86_64", 10240, 900, Map.of("LOG_LEVEL", "debug"));
    assertThat(c.architecture()).isEqualTo(Architecture.X86_64);
    assertThat(c.environment()).containsEntry("LOG_LEVEL", "debug");
  }

  @Test
  void architectureSpellingsAreRefusedWithTheLikelyOne() {
    assertThatThrownBy(() -> FunctionConfig.of("f", "handler.run", "aarch64", 128, 3, null))
        .isInstanceOf(InvalidFunctionConfigException.class)
        .hasMessage("<architecture> (-Dshell-lambda.architecture) is 'aarch64', but Lambda accepts 'arm64' or"
            + " 'x86_64'; perhaps you meant <architecture>arm64</architecture>");
    assertThatThrownBy(() -> FunctionConfig.of("f", "handler.run", "amd64", 128, 3, null))
        .hasMessageContaining("perhaps you meant <architecture>x86_64</architecture>");
    assertThatThrownBy(() -> FunctionConfig.of("f", "handler.run", "sparc", 128, 3, null))
        .hasMessageContaining("'sparc'").hasMessageNotContaining("perhaps");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThatThrownBy(() -> FunctionConfig.of("my function!", "", "arm64", 64, 901,
        Map.of("AWS_REGION", "x", "1BAD", "y")))
        .hasMessageContaining("<functionName> (-Dshell-lambda.functionName) is 'my function!'")
        .hasMessageContaining("perhaps <functionName>my-function-</functionName>")
        .hasMessageContaining("<handler>")
        .hasMessageContaining("<memorySize> (-Dshell-lambda.memorySize) is 64 MB")
        .hasMessageContaining("<timeout> (-Dshell-lambda.timeout) is 901 s")
        .hasMessageContaining("'AWS_REGION', which Lambda reserves")
        .hasMessageContaining("'1BAD'");
  }

  @Test
  void nameLengthLimit() {
    assertThatThrownBy(() -> FunctionConfig.of("a".repeat(65), "handler.run", "arm64", 128, 3, null))
        .hasMessageContaining("1 to 64");
  }
}
