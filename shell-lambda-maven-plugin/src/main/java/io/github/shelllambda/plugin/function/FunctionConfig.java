package io.github.shelllambda.plugin.function;

import io.github.shelllambda.runtime.function.Architecture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A function's configuration as Lambda knows it, checked against Lambda's rules (CreateFunction
 * API reference): name, handler, architecture, memory, timeout, environment.
 */
public record FunctionConfig(
    String functionName, String handler, Architecture architecture, int memorySize, int timeout,
    Map<String, String> environment) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern ENV_KEY = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]*");

  /** Variables Lambda sets itself and refuses in a function's configuration. */
  public static final Set<String> RESERVED_VARIABLES = Set.of(
      "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
      "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
      "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
      "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
      "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

  public FunctionConfig {
    environment = environment == null ? Map.of() : Map.copyOf(new TreeMap<>(environment));
  }

  /**
   * Builds a checked configuration from raw parameter values.
   *
   * @throws InvalidFunctionConfigException listing every value Lambda would refuse, each with its fix
   */
  public static FunctionConfig of(
      String functionName, String handler, String architecture, int memorySize, int timeout,
      Map<String, String> environment) throws InvalidFunctionConfigException {
    List<String> problems = new ArrayList<>();
    Architecture arch = null;
    try {
      arch = Architecture.parse(architecture, "<architecture> (-Dshell-lambda.architecture)");
    } catch (IllegalArgumentException e) {
      String likely = Architecture.likely(architecture).map(a ->
          "; perhaps you meant <architecture>" + a.lambdaName() + "</architecture>").orElse("");
      problems.add("<architecture> (-Dshell-lambda.architecture) is '" + architecture
          + "', but Lambda accepts 'arm64' or 'x86_64'" + likely);
    }
    if (functionName == null || !NAME.matcher(functionName).matches()) {
      problems.add("<functionName> (-Dshell-lambda.functionName) is '" + functionName + "', but Lambda function"
          + " names are 1 to 64 letters, digits, '-' or '_'" + suggestName(functionName));
    }
    if (handler == null || handler.isBlank() || handler.length() > 128 || handler.startsWith("/")
        || handler.contains("..") || !handler.matches("[^\\s]+")) {
      problems.add("<handler> (-Dshell-lambda.handler) is '" + handler + "'; it must be <file>.<function>"
          + " relative to the zip root, at most 128 characters without spaces or '..', e.g. handler.run");
    }
    if (memorySize < 128 || memorySize > 10240) {
      problems.add("<memorySize> (-Dshell-lambda.memorySize) is " + memorySize
          + " MB, but Lambda accepts 128 to 10240 MB");
    }
    if (timeout < 1 || timeout > 900) {
      problems.add("<timeout> (-Dshell-lambda.timeout) is " + timeout + " s, but Lambda accepts 1 to 900 s");
    }
    if (environment != null) {
      for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
        if (!ENV_KEY.matcher(e.getKey()).matches()) {
          problems.add("<environment> has the variable '" + e.getKey() + "'; Lambda variable names start with a"
              + " letter and hold only letters, digits and '_'");
        } else if (RESERVED_VARIABLES.contains(e.getKey())) {
          problems.add("<environment> sets '" + e.getKey() + "', which Lambda reserves and sets itself; remove it");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidFunctionConfigException(String.join("\n", problems));
    }
    return new FunctionConfig(functionName, handler, arch, memorySize, timeout, environment);
  }

  private static String suggestName(String name) {
    if (name == null || name.isBlank()) {
      return "";
    }
    String s = name.replaceAll("[^A-Za-z0-9_-]", "-");
    if (s.length() > 64) {
      s = s.substring(0, 64);
    }
    return "; perhaps <functionName>" + s + "</functionName>";
  }
}
