package io.github.shelllambda.runtime.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.shelllambda.runtime.function.ConfigurationProblem.Field;
import io.github.shelllambda.runtime.function.FunctionConfiguration.Logging;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Lambda's rules, each checked, every problem reported at once, and no environment value ever printed. */
class FunctionConfigurationTest {

  private static InvalidFunctionConfigurationException refused(FunctionConfiguration.Builder b) {
    return catchThrowableOfType(InvalidFunctionConfigurationException.class, b::build);
  }

  private static ConfigurationProblem onlyProblem(FunctionConfiguration.Builder b) {
    InvalidFunctionConfigurationException e = refused(b);
    assertThat(e).as("refused").isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.problems().get(0);
  }

  @Test
  void lambdasDefaults() {
    FunctionConfiguration c = FunctionConfiguration.builder("fn").build();
    assertThat(c.runtime()).isEqualTo("provided.al2023");
    assertThat(c.handler()).isEqualTo("handler.run");
    assertThat(c.architecture()).isEqualTo(Architecture.ARM64);
    assertThat(c.memorySizeMb()).isEqualTo(128);
    assertThat(c.timeoutSeconds()).isEqualTo(3);
    assertThat(c.ephemeralStorageMb()).isEqualTo(512);
    assertThat(c.environment()).isEmpty();
    assertThat(c.layers()).isEmpty();
    assertThat(c.description()).isEmpty();
    assertThat(c.role()).isNull();
    assertThat(c.logging()).isEqualTo(new Logging("Text", null, null, "/aws/lambda/fn"));
  }

  @Test
  void theBoundsAreAcceptedAndOneBeyondIsNot() {
    FunctionConfiguration max = FunctionConfiguration.builder("a".repeat(64)).architecture("x86_64")
        .memorySizeMb(10240).timeoutSeconds(900).ephemeralStorageMb(10240).description("d".repeat(256)).build();
    assertThat(max.architecture()).isEqualTo(Architecture.X86_64);

    ConfigurationProblem memory = onlyProblem(FunctionConfiguration.builder("fn").memorySizeMb(10241));
    assertThat(memory).isEqualTo(new ConfigurationProblem(Field.MEMORY_SIZE, "10241", "128 to 10240 MB"));
    assertThat(onlyProblem(FunctionConfiguration.builder("fn").memorySizeMb(127)).value()).isEqualTo("127");
    assertThat(onlyProblem(FunctionConfiguration.builder("fn").timeoutSeconds(0)))
        .isEqualTo(new ConfigurationProblem(Field.TIMEOUT, "0", "1 to 900 seconds"));
    assertThat(onlyProblem(FunctionConfiguration.builder("fn").timeoutSeconds(901)).field()).isEqualTo(Field.TIMEOUT);
    assertThat(onlyProblem(FunctionConfiguration.builder("fn").ephemeralStorageMb(511)).field())
        .isEqualTo(Field.EPHEMERAL_STORAGE);
    assertThat(onlyProblem(FunctionConfiguration.builder("fn").description("d".repeat(257))).field())
        .isEqualTo(Field.DESCRIPTION);
  }

  @Test
  void aBadNameGetsAValidOneSuggested() {
    ConfigurationProblem p = onlyProblem(FunctionConfiguration.builder("bad.name"));
    assertThat(p.field()).isEqualTo(Field.FUNCTION_NAME);
    assertThat(p.value()).isEqualTo("bad.name");
    assertThat(p.suggestion()).contains("bad-name");
    assertThat(onlyProblem(FunctionConfiguration.builder("a".repeat(65))).suggestion()).contains("a".repeat(64));
    assertThat(onlyProblem(FunctionConfiguration.builder("")).suggestion()).isEmpty();
  }

  @Test
  void architectureInLambdasSpellingOnlyWithTheLikelyOneSuggested() {
    assertThat(onlyProblem(FunctionConfiguration.builder("fn").architecture("aarch64")))
        .isEqualTo(new ConfigurationProblem(Field.ARCHITECTURE, "aarch64", "'arm64' or 'x86_64'", Optional.of("arm64")));
    assertThat(onlyProblem(FunctionConfiguration.builder("fn").architecture("amd64")).suggestion()).contains("x86_64");
    assertThat(onlyProblem(FunctionConfiguration.builder("fn").architecture("sparc")).suggestion()).isEmpty();
  }

  @Test
  void handlerRuntimeLayersRoleAndLogging() {
    assertThat(onlyProblem(FunctionConfiguration.builder("fn").handler("has space.run")).field()).isEqualTo(Field.HANDLER);
    assertThat(onlyProblem(FunctionConfiguration.builder("fn").handler("../up.run")).field()).isEqualTo(Field.HANDLER);
    assertThat(onlyProblem(FunctionConfiguration.builder("fn").handler("/abs.run")).field()).isEqualTo(Field.HANDLER);
    assertThat(onlyProblem(FunctionConfiguration.builder("fn").handler("h".repeat(129))).field()).isEqualTo(Field.HANDLER);
    ConfigurationProblem runtime = onlyProblem(FunctionConfiguration.builder("fn").runtime("python3.12"));
    assertThat(runtime.field()).isEqualTo(Field.RUNTIME);
    assertThat(runtime.suggestion()).contains("provided.al2023");
    assertThat(FunctionConfiguration.builder("fn").runtime("provided.al2").build().runtime()).isEqualTo("provided.al2");

    String arn = "arn:aws:lambda:us-east-1:123456789012:layer:jq:3";
    assertThat(FunctionConfiguration.builder("fn").layers(List.of(arn)).build().layers()).containsExactly(arn);
    assertThat(onlyProblem(FunctionConfiguration.builder("fn").layers(List.of("target/jq.zip"))).value())
        .isEqualTo("target/jq.zip");
    assertThat(onlyProblem(FunctionConfiguration.builder("fn").layers(List.of(arn, arn, arn, arn, arn, arn))).value())
        .isEqualTo("6 layers");

    assertThat(onlyProblem(FunctionConfiguration.builder("fn").role("admin")).field()).isEqualTo(Field.ROLE);
    assertThat(FunctionConfiguration.builder("fn").role("arn:aws:iam::123456789012:role/fn-role").build().role())
        .isEqualTo("arn:aws:iam::123456789012:role/fn-role");

    assertThat(onlyProblem(FunctionConfiguration.builder("fn").logging(new Logging("json", null, null, "/g")))
        .suggestion()).contains("JSON");
    assertThat(onlyProblem(FunctionConfiguration.builder("fn").logging(new Logging("Text", "DEBUG", null, "/g")))
        .field()).isEqualTo(Field.LOGGING);
    assertThat(onlyProblem(FunctionConfiguration.builder("fn").logging(new Logging("JSON", "LOUD", null, "/g")))
        .value()).isEqualTo("LOUD");
  }

  @Test
  void environmentNamesMustBeLambdasAndNotReserved() {
    assertThat(FunctionConfiguration.builder("fn").environment(Map.of("A1", "x", "LOG_LEVEL", "")).build()
        .environment()).containsOnlyKeys("A1", "LOG_LEVEL");
    assertThat(onlyProblem(FunctionConfiguration.builder("fn").environment(Map.of("1ABC", "x"))).value()).isEqualTo("1ABC");
    assertThat(onlyProblem(FunctionConfiguration.builder("fn").environment(Map.of("A", "x"))).value()).isEqualTo("A");
    assertThat(onlyProblem(FunctionConfiguration.builder("fn").environment(Map.of("MY-VAR", "x"))).field())
        .isEqualTo(Field.ENVIRONMENT);
    for (String reserved : FunctionConfiguration.RESERVED_VARIABLES) {
      ConfigurationProblem p = onlyProblem(FunctionConfiguration.builder("fn").environment(Map.of(reserved, "v")));
      assertThat(p.value()).isEqualTo(reserved);
      assertThat(p.rule()).contains("reserved");
    }
    assertThat(FunctionConfiguration.RESERVED_VARIABLES).containsAll(FunctionConfiguration.CREDENTIAL_VARIABLES);
    ConfigurationProblem tooBig = onlyProblem(
        FunctionConfiguration.builder("fn").environment(Map.of("BIG", "x".repeat(4094))));
    assertThat(tooBig.value()).isEqualTo("4097 bytes");
    assertThat(FunctionConfiguration.builder("fn").environment(Map.of("BIG", "x".repeat(4093))).build()).isNotNull();
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    InvalidFunctionConfigurationException e = refused(FunctionConfiguration.builder("my function!")
        .handler("").architecture("aarch64").memorySizeMb(64).timeoutSeconds(901)
        .environment(Map.of("AWS_REGION", "eu-west-1")));
    assertThat(e.problems()).extracting(ConfigurationProblem::field).containsExactly(
        Field.FUNCTION_NAME, Field.HANDLER, Field.ARCHITECTURE, Field.MEMORY_SIZE, Field.TIMEOUT, Field.ENVIRONMENT);
    assertThat(e.getMessage())
        .contains("MemorySize is '64', but Lambda accepts 128 to 10240 MB")
        .contains("Architectures is 'aarch64', but Lambda accepts 'arm64' or 'x86_64'; perhaps 'arm64'")
        .contains("AWS_REGION");
  }

  @Test
  void environmentValuesAreNeverInMessagesNorInToString() {
    String secret = "ghp_s3cr3tvalue";
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GITHUB_TOKEN", secret);
    env.put("AWS_SECRET_ACCESS_KEY", secret);
    env.put("bad-name", secret);
    InvalidFunctionConfigurationException e = refused(FunctionConfiguration.builder("fn").environment(env));
    assertThat(e.problems()).hasSize(2);
    assertThat(e.getMessage()).contains("AWS_SECRET_ACCESS_KEY").contains("bad-name").doesNotContain(secret);
    assertThat(e.problems()).allSatisfy(p -> assertThat(p.toString()).doesNotContain(secret));

    FunctionConfiguration ok = FunctionConfiguration.builder("fn").environment(Map.of("GITHUB_TOKEN", secret)).build();
    assertThat(ok.toString()).contains("GITHUB_TOKEN").doesNotContain(secret);
  }

  @Test
  void differencesNameTheFieldsThatChanged() {
    FunctionConfiguration a = FunctionConfiguration.builder("fn").environment(Map.of("A1", "x")).build();
    assertThat(a.differences(a.toBuilder().build())).isEmpty();
    assertThat(a.toBuilder().build()).isEqualTo(a);
    FunctionConfiguration b = a.toBuilder().memorySizeMb(256).environment(Map.of("A1", "y"))
        .architecture(Architecture.X86_64).build();
    assertThat(a.differences(b)).containsExactly(Field.ARCHITECTURE, Field.MEMORY_SIZE, Field.ENVIRONMENT);
    assertThat(b.differences(a)).containsExactly(Field.ARCHITECTURE, Field.MEMORY_SIZE, Field.ENVIRONMENT);
  }

  @Test
  void aRenamedCopyKeepsLambdasDefaultLogGroupForItsNewName() {
    FunctionConfiguration a = FunctionConfiguration.builder("fn").build();
    FunctionConfiguration renamed = a.toBuilder().functionName("other").build();
    assertThat(renamed.logging().logGroup()).isEqualTo("/aws/lambda/other");
    assertThat(a.differences(renamed)).containsExactly(Field.FUNCTION_NAME, Field.LOGGING);
  }

  @Test
  void theConfigurationIsImmutable() {
    Map<String, String> env = new LinkedHashMap<>(Map.of("A1", "x"));
    FunctionConfiguration c = FunctionConfiguration.builder("fn").environment(env).build();
    env.put("B2", "y");
    assertThat(c.environment()).containsOnlyKeys("A1");
    assertThatThrownBy(() -> c.environment().put("C3", "z")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> c.layers().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }
}
