package io.github.shelllambda.runtime.function;

import io.github.shelllambda.runtime.function.ConfigurationProblem.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A function's configuration in Lambda's vocabulary, validated once: what the embedded runtime
 * runs, what the local control plane stores per version, and what the deploy plan compares with
 * the deployed one. Immutable; two configurations are equal when Lambda would see no difference.
 * Build one with {@link #builder(String)}; {@link Builder#build()} reports every problem at once
 * ({@link InvalidFunctionConfigurationException}).
 *
 * <p>Code (the zip and the layer zips) is not configuration: {@link #layers()} are layer version
 * ARNs, as Lambda stores them; the local runtime is given the zips separately.
 *
 * @param environment sorted by name (Lambda keeps no order)
 * @param layers layer version ARNs in the order Lambda applies them
 * @param description empty when none
 * @param role the execution role ARN, or null when not known (local runs)
 * @param logging Lambda's advanced logging controls
 */
public record FunctionConfiguration(
    String functionName,
    String runtime,
    String handler,
    Architecture architecture,
    int memorySizeMb,
    int timeoutSeconds,
    int ephemeralStorageMb,
    SortedMap<String, String> environment,
    List<String> layers,
    String description,
    String role,
    Logging logging) {

  /** The runtime shell-lambda functions run on. */
  public static final String PROVIDED_AL2023 = "provided.al2023";

  /** The OS-only runtimes a shell function can run on: the newest first. */
  public static final List<String> OS_ONLY_RUNTIMES = List.of(PROVIDED_AL2023, "provided.al2");

  public static final int MIN_MEMORY_MB = 128;
  public static final int MAX_MEMORY_MB = 10240;
  public static final int MIN_TIMEOUT_SECONDS = 1;
  public static final int MAX_TIMEOUT_SECONDS = 900;
  public static final int MIN_EPHEMERAL_MB = 512;
  public static final int MAX_EPHEMERAL_MB = 10240;
  public static final int MAX_LAYERS = 5;
  public static final int MAX_DESCRIPTION = 256;
  /** Lambda's limit on the environment: 4 KB over all names and values. */
  public static final int MAX_ENVIRONMENT_BYTES = 4096;

  /**
   * The variables Lambda sets itself and refuses in a function's configuration (Lambda developer
   * guide, "Defined runtime environment variables": the reserved keys).
   */
  public static final Set<String> RESERVED_VARIABLES =
      Set.of(
          "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
          "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
          "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
          "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
          "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

  /** The AWS credential variables among the reserved ones (a local run may pass them on purpose). */
  public static final Set<String> CREDENTIAL_VARIABLES =
      Set.of("AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern HANDLER = Pattern.compile("[^\\s]+");
  private static final Pattern ENV_NAME = Pattern.compile("[a-zA-Z]([a-zA-Z0-9_])+");
  private static final Pattern LAYER_ARN =
      Pattern.compile("arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+");
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");

  /**
   * Lambda's advanced logging controls.
   *
   * @param logFormat {@code Text} or {@code JSON}
   * @param applicationLogLevel with JSON: TRACE, DEBUG, INFO, WARN, ERROR, FATAL; null otherwise
   * @param systemLogLevel with JSON: DEBUG, INFO, WARN; null otherwise
   * @param logGroup the log group, {@code /aws/lambda/<name>} by default
   */
  public record Logging(String logFormat, String applicationLogLevel, String systemLogLevel, String logGroup) {
    static final List<String> FORMATS = List.of("Text", "JSON");
    static final List<String> APPLICATION_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");
    static final List<String> SYSTEM_LEVELS = List.of("DEBUG", "INFO", "WARN");

    /** Lambda's default: plain text to {@code /aws/lambda/<name>}. */
    public static Logging text(String functionName) {
      return new Logging("Text", null, null, "/aws/lambda/" + functionName);
    }
  }

  public FunctionConfiguration {
    environment = Collections.unmodifiableSortedMap(new TreeMap<>(environment));
    layers = List.copyOf(layers);
    Objects.requireNonNull(description);
  }

  /** A builder with Lambda's defaults (provided.al2023, handler.run, arm64, 128 MB, 3 s, 512 MB /tmp). */
  public static Builder builder(String functionName) {
    return new Builder(functionName);
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder(functionName);
    b.runtime = runtime;
    b.handler = handler;
    b.architecture = architecture.lambdaName();
    b.memorySizeMb = memorySizeMb;
    b.timeoutSeconds = timeoutSeconds;
    b.ephemeralStorageMb = ephemeralStorageMb;
    b.environment.putAll(environment);
    b.layers.addAll(layers);
    b.description = description;
    b.role = role;
    // Lambda's default logging follows the name (its log group is /aws/lambda/<name>)
    b.logging = logging.equals(Logging.text(functionName)) ? null : logging;
    return b;
  }

  /** The function's identity in a region and account. */
  public FunctionId id(String region, String accountId) {
    return new FunctionId(functionName, region, accountId, null);
  }

  /** The fields whose values differ from {@code other}'s (for plans and logs), in declaration order. */
  public List<Field> differences(FunctionConfiguration other) {
    List<Field> d = new ArrayList<>();
    if (!functionName.equals(other.functionName)) d.add(Field.FUNCTION_NAME);
    if (!runtime.equals(other.runtime)) d.add(Field.RUNTIME);
    if (!handler.equals(other.handler)) d.add(Field.HANDLER);
    if (architecture != other.architecture) d.add(Field.ARCHITECTURE);
    if (memorySizeMb != other.memorySizeMb) d.add(Field.MEMORY_SIZE);
    if (timeoutSeconds != other.timeoutSeconds) d.add(Field.TIMEOUT);
    if (ephemeralStorageMb != other.ephemeralStorageMb) d.add(Field.EPHEMERAL_STORAGE);
    if (!environment.equals(other.environment)) d.add(Field.ENVIRONMENT);
    if (!layers.equals(other.layers)) d.add(Field.LAYERS);
    if (!description.equals(other.description)) d.add(Field.DESCRIPTION);
    if (!Objects.equals(role, other.role)) d.add(Field.ROLE);
    if (!logging.equals(other.logging)) d.add(Field.LOGGING);
    return d;
  }

  /** Never prints environment values: they may be secrets. */
  @Override
  public String toString() {
    return "FunctionConfiguration[" + functionName + ", " + runtime + ", " + handler + ", " + architecture + ", "
        + memorySizeMb + " MB, " + timeoutSeconds + " s, /tmp " + ephemeralStorageMb + " MB, environment "
        + environment.keySet() + ", layers " + layers + (description.isEmpty() ? "" : ", '" + description + "'")
        + (role == null ? "" : ", role " + role) + ", logging " + logging.logFormat() + "]";
  }

  /** Collects raw values; {@link #build()} checks them all against Lambda's rules. */
  public static final class Builder {
    private String functionName;
    private String runtime = PROVIDED_AL2023;
    private String handler = "handler.run";
    private String architecture = Architecture.ARM64.lambdaName();
    private int memorySizeMb = MIN_MEMORY_MB;
    private int timeoutSeconds = 3;
    private int ephemeralStorageMb = MIN_EPHEMERAL_MB;
    private final Map<String, String> environment = new TreeMap<>();
    private final List<String> layers = new ArrayList<>();
    private String description = "";
    private String role;
    private Logging logging;

    private Builder(String functionName) {
      this.functionName = functionName;
    }

    public Builder functionName(String v) { functionName = v; return this; }
    public Builder runtime(String v) { runtime = v; return this; }
    public Builder handler(String v) { handler = v; return this; }
    /** Lambda's spelling: {@code arm64} or {@code x86_64}; others are refused with a suggestion. */
    public Builder architecture(String v) { architecture = v; return this; }
    public Builder architecture(Architecture v) { architecture = v.lambdaName(); return this; }
    public Builder memorySizeMb(int v) { memorySizeMb = v; return this; }
    public Builder timeoutSeconds(int v) { timeoutSeconds = v; return this; }
    public Builder ephemeralStorageMb(int v) { ephemeralStorageMb = v; return this; }
    /** Replaces the environment; null means none. */
    public Builder environment(Map<String, String> v) {
      environment.clear();
      if (v != null) {
        environment.putAll(v);
      }
      return this;
    }
    public Builder environmentVariable(String name, String value) { environment.put(name, value); return this; }
    /** Replaces the layers (version ARNs, in order); null means none. */
    public Builder layers(List<String> v) {
      layers.clear();
      if (v != null) {
        layers.addAll(v);
      }
      return this;
    }
    public Builder description(String v) { description = v == null ? "" : v; return this; }
    public Builder role(String v) { role = v; return this; }
    public Builder logging(Logging v) { logging = v; return this; }

    /**
     * The checked configuration.
     *
     * @throws InvalidFunctionConfigurationException with every value Lambda would refuse
     */
    public FunctionConfiguration build() {
      List<ConfigurationProblem> p = new ArrayList<>();
      if (functionName == null || !NAME.matcher(functionName).matches()) {
        p.add(new ConfigurationProblem(Field.FUNCTION_NAME, functionName,
            "1 to 64 letters, digits, '-' or '_'", suggestName(functionName)));
      }
      if (runtime == null || !OS_ONLY_RUNTIMES.contains(runtime)) {
        p.add(new ConfigurationProblem(Field.RUNTIME, runtime,
            "an OS-only runtime for a shell function: " + String.join(" or ", OS_ONLY_RUNTIMES),
            Optional.of(PROVIDED_AL2023)));
      }
      if (handler == null || handler.isEmpty() || handler.length() > 128 || !HANDLER.matcher(handler).matches()
          || handler.startsWith("/") || handler.contains("..")) {
        p.add(new ConfigurationProblem(Field.HANDLER, handler,
            "<file>.<function> relative to the zip root (or an executable's name), at most 128 characters"
                + " without spaces, '..' or a leading '/', e.g. handler.run"));
      }
      Architecture arch = null;
      for (Architecture a : Architecture.values()) {
        if (a.lambdaName().equals(architecture)) {
          arch = a;
        }
      }
      if (arch == null) {
        p.add(new ConfigurationProblem(Field.ARCHITECTURE, architecture, "'arm64' or 'x86_64'",
            Architecture.likely(architecture).map(Architecture::lambdaName)));
      }
      if (memorySizeMb < MIN_MEMORY_MB || memorySizeMb > MAX_MEMORY_MB) {
        p.add(new ConfigurationProblem(Field.MEMORY_SIZE, Integer.toString(memorySizeMb),
            MIN_MEMORY_MB + " to " + MAX_MEMORY_MB + " MB"));
      }
      if (timeoutSeconds < MIN_TIMEOUT_SECONDS || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
        p.add(new ConfigurationProblem(Field.TIMEOUT, Integer.toString(timeoutSeconds),
            MIN_TIMEOUT_SECONDS + " to " + MAX_TIMEOUT_SECONDS + " seconds"));
      }
      if (ephemeralStorageMb < MIN_EPHEMERAL_MB || ephemeralStorageMb > MAX_EPHEMERAL_MB) {
        p.add(new ConfigurationProblem(Field.EPHEMERAL_STORAGE, Integer.toString(ephemeralStorageMb),
            MIN_EPHEMERAL_MB + " to " + MAX_EPHEMERAL_MB + " MB"));
      }
      int envBytes = 0;
      for (Map.Entry<String, String> e : environment.entrySet()) {
        String k = e.getKey();
        if (RESERVED_VARIABLES.contains(k)) {
          p.add(new ConfigurationProblem(Field.ENVIRONMENT, k,
              "no reserved variable: Lambda sets " + k + " itself"
                  + (k.equals("AWS_REGION") || k.equals("AWS_DEFAULT_REGION") ? " (choose the region instead)" : "")));
        } else if (k == null || !ENV_NAME.matcher(k).matches()) {
          p.add(new ConfigurationProblem(Field.ENVIRONMENT, k,
              "variable names of at least two characters that start with a letter and hold only letters,"
                  + " digits and '_'"));
        }
        if (e.getValue() == null) {
          p.add(new ConfigurationProblem(Field.ENVIRONMENT, k, "a value for every variable (an empty one is fine)"));
        } else if (k != null) {
          envBytes += k.getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
      }
      if (envBytes > MAX_ENVIRONMENT_BYTES) {
        p.add(new ConfigurationProblem(Field.ENVIRONMENT, envBytes + " bytes",
            "at most " + MAX_ENVIRONMENT_BYTES + " bytes of names and values in all"));
      }
      if (layers.size() > MAX_LAYERS) {
        p.add(new ConfigurationProblem(Field.LAYERS, layers.size() + " layers", "at most " + MAX_LAYERS + " layers"));
      }
      for (String l : layers) {
        if (l == null || l.length() > 140 || !LAYER_ARN.matcher(l).matches()) {
          p.add(new ConfigurationProblem(Field.LAYERS, l,
              "layer version ARNs: arn:aws:lambda:<region>:<account>:layer:<name>:<version>"));
        }
      }
      if (description.length() > MAX_DESCRIPTION) {
        p.add(new ConfigurationProblem(Field.DESCRIPTION, description.substring(0, 40) + "...",
            "at most " + MAX_DESCRIPTION + " characters (this one has " + description.length() + ")"));
      }
      if (role != null && !ROLE_ARN.matcher(role).matches()) {
        p.add(new ConfigurationProblem(Field.ROLE, role, "an IAM role ARN: arn:aws:iam::<account>:role/<name>"));
      }
      Logging log = logging != null ? logging : Logging.text(functionName);
      if (!Logging.FORMATS.contains(log.logFormat())) {
        p.add(new ConfigurationProblem(Field.LOGGING, log.logFormat(), "LogFormat Text or JSON",
            Optional.ofNullable(log.logFormat()).map(f -> f.equalsIgnoreCase("json") ? "JSON" : "Text")));
      } else if (log.logFormat().equals("JSON")) {
        if (log.applicationLogLevel() != null
            && !Logging.APPLICATION_LEVELS.contains(log.applicationLogLevel().toUpperCase(Locale.ROOT))) {
          p.add(new ConfigurationProblem(Field.LOGGING, log.applicationLogLevel(),
              "ApplicationLogLevel " + String.join(", ", Logging.APPLICATION_LEVELS)));
        }
        if (log.systemLogLevel() != null
            && !Logging.SYSTEM_LEVELS.contains(log.systemLogLevel().toUpperCase(Locale.ROOT))) {
          p.add(new ConfigurationProblem(Field.LOGGING, log.systemLogLevel(),
              "SystemLogLevel " + String.join(", ", Logging.SYSTEM_LEVELS)));
        }
      } else if (log.applicationLogLevel() != null || log.systemLogLevel() != null) {
        p.add(new ConfigurationProblem(Field.LOGGING, "Text with log levels",
            "log levels only with LogFormat JSON", Optional.of("JSON")));
      }
      if (!p.isEmpty()) {
        throw new InvalidFunctionConfigurationException(p);
      }
      return new FunctionConfiguration(functionName, runtime, handler, arch, memorySizeMb, timeoutSeconds,
          ephemeralStorageMb, new TreeMap<>(environment), layers, description, role, log);
    }

    private static Optional<String> suggestName(String name) {
      if (name == null || name.isBlank()) {
        return Optional.empty();
      }
      String s = name.replaceAll("[^A-Za-z0-9_-]", "-");
      return Optional.of(s.length() > 64 ? s.substring(0, 64) : s);
    }
  }
}
