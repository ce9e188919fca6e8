package io.github.shelllambda.runtime.function;

import java.util.Optional;

/**
 * One value of a {@link FunctionConfiguration} that Lambda would refuse: which field, the value
 * found, the rule it breaks (in Lambda's terms, no build-tool wording) and, where one is likely
 * meant, a value to suggest. Callers word it for their users: the Maven plugin names the POM
 * element and {@code -D} property, the local control plane answers as the Lambda API does.
 *
 * @param field the configuration field
 * @param value the offending value as given; for an environment variable, its NAME only (values
 *     may be secrets and are never carried)
 * @param rule what Lambda accepts, e.g. {@code "128 to 10240 MB"}
 * @param suggestion a value the user likely meant, if any
 */
public record ConfigurationProblem(Field field, String value, String rule, Optional<String> suggestion) {

  /** The fields of a function's configuration, with the names the Lambda API gives them. */
  public enum Field {
    FUNCTION_NAME("FunctionName"),
    RUNTIME("Runtime"),
    HANDLER("Handler"),
    ARCHITECTURE("Architectures"),
    MEMORY_SIZE("MemorySize"),
    TIMEOUT("Timeout"),
    EPHEMERAL_STORAGE("EphemeralStorage.Size"),
    ENVIRONMENT("Environment.Variables"),
    LAYERS("Layers"),
    DESCRIPTION("Description"),
    ROLE("Role"),
    LOGGING("LoggingConfig");

    private final String apiName;

    Field(String apiName) {
      this.apiName = apiName;
    }

    /** The field's name in the Lambda API (CreateFunction). */
    public String apiName() {
      return apiName;
    }
  }

  public ConfigurationProblem(Field field, String value, String rule) {
    this(field, value, rule, Optional.empty());
  }

  /** A plain sentence, for logs and API answers: {@code MemorySize is 64, but Lambda accepts 128 to 10240 MB}. */
  public String describe() {
    return field.apiName() + " is '" + value + "', but Lambda accepts " + rule
        + suggestion.map(s -> "; perhaps '" + s + "'").orElse("");
  }
}
