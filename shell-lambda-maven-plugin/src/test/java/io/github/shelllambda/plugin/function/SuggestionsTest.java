package io.github.shelllambda.plugin.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.shelllambda.plugin.ShellLambdaProperties;
import io.github.shelllambda.runtime.elf.ElfInfo;
import io.github.shelllambda.runtime.elf.WrongArchitectureException;
import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.function.ConfigurationProblem;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import io.github.shelllambda.runtime.function.InvalidFunctionConfigurationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runtime's configuration problems worded for a POM: element, -D property, value, rule, suggestion. */
class SuggestionsTest {

  private static String message(FunctionConfiguration.Builder b) {
    InvalidFunctionConfigurationException e = catchThrowableOfType(InvalidFunctionConfigurationException.class, b::build);
    assertThat(e).as("refused").isNotNull();
    return Suggestions.describe(e.problems(), ShellLambdaProperties::parameterOf);
  }

  @Test
  void aBadMemorySizeNamesTheElementThePropertyTheValueAndTheBounds() {
    assertThat(message(FunctionConfiguration.builder("fn").memorySizeMb(64)))
        .isEqualTo("<memorySize> (-Dshell-lambda.memorySize) is '64', but Lambda accepts 128 to 10240 MB");
  }

  @Test
  void architectureSpellingsGetTheLikelyOneAsAnElement() {
    assertThat(message(FunctionConfiguration.builder("fn").architecture("aarch64")))
        .isEqualTo("<architecture> (-Dshell-lambda.architecture) is 'aarch64', but Lambda accepts 'arm64' or"
            + " 'x86_64'; perhaps you meant <architecture>arm64</architecture>");
    assertThat(message(FunctionConfiguration.builder("fn").architecture("amd64")))
        .endsWith("perhaps you meant <architecture>x86_64</architecture>");
    assertThat(message(FunctionConfiguration.builder("fn").architecture("sparc")))
        .contains("'sparc'").doesNotContain("perhaps");
  }

  @Test
  void everyProblemOnItsOwnLine() {
    String m = message(FunctionConfiguration.builder("my function!").handler("").memorySizeMb(64)
        .timeoutSeconds(901).environment(Map.of("AWS_REGION", "eu-west-1", "1BAD", "y")));
    assertThat(m.split("\n")).hasSize(6);
    assertThat(m)
        .contains("<functionName> (-Dshell-lambda.functionName) is 'my function!', but Lambda accepts 1 to 64"
            + " letters, digits, '-' or '_'; perhaps you meant <functionName>my-function-</functionName>")
        .contains("<handler> (-Dshell-lambda.handler) is ''")
        .contains("<memorySize> (-Dshell-lambda.memorySize) is '64'")
        .contains("<timeout> (-Dshell-lambda.timeout) is '901', but Lambda accepts 1 to 900 seconds")
        .contains("<environment> has 'AWS_REGION', but Lambda accepts no reserved variable")
        .contains("<environment> has '1BAD'")
        .doesNotContain("eu-west-1");
  }

  @Test
  void theEnvironmentCanBeNamedAsTheFileItCameFrom() {
    ConfigurationProblem p = catchThrowableOfType(InvalidFunctionConfigurationException.class,
        () -> FunctionConfiguration.builder("fn").environment(Map.of("AWS_SECRET_ACCESS_KEY", "s3cr3t")).build())
        .problems().get(0);
    assertThat(Suggestions.describe(p, ShellLambdaProperties.ENV_FILE_PARAMETER))
        .startsWith("<envFile> (-Dshell-lambda.envFile) has 'AWS_SECRET_ACCESS_KEY'")
        .doesNotContain("s3cr3t");
  }

  @Test
  void theElfCheckNamesTheArchitectureParameter() {
    WrongArchitectureException e = new WrongArchitectureException("the executable", "bin/tool",
        new ElfInfo(true, 2, Architecture.X86_64.elfMachine(), false, null), Architecture.ARM64);
    assertThat(Suggestions.describe(e, ShellLambdaProperties.ARCHITECTURE_PARAMETER))
        .startsWith("the executable (bin/tool) is ELF 64-bit x86-64, static, but the function's architecture is arm64")
        .contains("exec format error")
        .endsWith("(the function's architecture is <architecture>arm64</architecture>, set by <architecture>"
            + " (-Dshell-lambda.architecture))");
  }

  @Test
  void closestKnownWord() {
    List<String> known = List.of("event", "expect", "environment", "upstream");
    assertThat(Suggestions.closest("evnet", known)).contains("event");
    assertThat(Suggestions.closest("Enviroment", known)).contains("environment");
    assertThat(Suggestions.closest("zzzzzz", known)).isEmpty();
  }
}
