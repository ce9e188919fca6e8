package io.github.shelllambda.plugin.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.shelllambda.plugin.deploy.DeployedState.DeployedCode;
import io.github.shelllambda.plugin.deploy.DeployedState.LayerVersion;
import io.github.shelllambda.plugin.deploy.DeployedState.PublishedVersion;
import io.github.shelllambda.plugin.deploy.DeployedState.UrlStatement;
import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.Cors;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.GetFunctionConcurrencyResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionUrlConfigResponse;
import software.amazon.awssdk.services.lambda.model.GetLayerVersionResponse;
import software.amazon.awssdk.services.lambda.model.Layer;
import software.amazon.awssdk.services.lambda.model.LayerVersionsListItem;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Reads what the service holds for a deploy, with read calls only (GetFunction,
 * ListVersionsByFunction, ListLayerVersions + GetLayerVersion, GetAlias, GetFunctionUrlConfig,
 * GetPolicy, GetFunctionConcurrency). A missing resource is an absent value, not an error.
 */
public final class DeployedStateReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LambdaClient lambda;

  public DeployedStateReader(LambdaClient lambda) {
    this.lambda = lambda;
  }

  public DeployedState read(String functionName, String alias, List<String> layerNames) {
    Map<String, LayerVersion> layers = new LinkedHashMap<>();
    for (String name : layerNames) {
      latestLayer(name).ifPresent(l -> layers.put(name, l));
    }
    Optional<GetFunctionResponse> fn = absentIfNotFound(() -> lambda.getFunction(r -> r.functionName(functionName)));
    if (fn.isEmpty()) {
      return new DeployedState(Optional.empty(), Optional.empty(), layers, Optional.empty(), Optional.empty(), Set.of(),
          OptionalInt.empty(), Map.of());
    }
    var c = fn.get().configuration();
    DeployedCode code = new DeployedCode(configurationOf(c), c.codeSha256(), c.revisionId());
    Optional<PublishedVersion> latest = latestVersion(functionName);
    Optional<AliasState> aliasState =
        absentIfNotFound(() -> lambda.getAlias(r -> r.functionName(functionName).name(alias))).map(DeployedStateReader::aliasOf);
    Optional<FunctionUrlSettings> url =
        absentIfNotFound(() -> lambda.getFunctionUrlConfig(r -> r.functionName(functionName).qualifier(alias)))
            .map(DeployedStateReader::urlOf);
    Set<UrlStatement> statements = aliasState.isEmpty() ? Set.of() : urlStatements(functionName, alias);
    OptionalInt concurrency =
        absentIfNotFound(() -> lambda.getFunctionConcurrency(r -> r.functionName(functionName)))
            .map(GetFunctionConcurrencyResponse::reservedConcurrentExecutions)
            .map(OptionalInt::of).orElse(OptionalInt.empty());
    Map<String, String> tags = fn.get().tags() == null ? Map.of() : new TreeMap<>(fn.get().tags());
    return new DeployedState(Optional.of(code), latest, layers, aliasState, url, statements, concurrency, tags);
  }

  /** The deployed configuration as is, without our validation: it may hold what we would not build. */
  static FunctionConfiguration configurationOf(software.amazon.awssdk.services.lambda.model.FunctionConfiguration c) {
    Architecture arch = c.architectures().isEmpty() || c.architecturesAsStrings().get(0).equals("x86_64")
        ? Architecture.X86_64 : Architecture.ARM64;
    List<String> layers = new ArrayList<>();
    for (Layer l : c.layers()) {
      layers.add(l.arn());
    }
    Map<String, String> env = c.environment() == null || c.environment().variables() == null
        ? Map.of() : c.environment().variables();
    var lc = c.loggingConfig();
    FunctionConfiguration.Logging logging = lc == null
        ? FunctionConfiguration.Logging.text(c.functionName())
        : new FunctionConfiguration.Logging(lc.logFormatAsString() == null ? "Text" : lc.logFormatAsString(),
            lc.applicationLogLevelAsString(), lc.systemLogLevelAsString(),
            lc.logGroup() == null ? "/aws/lambda/" + c.functionName() : lc.logGroup());
    return new FunctionConfiguration(c.functionName(), String.valueOf(c.runtimeAsString()), String.valueOf(c.handler()),
        arch, c.memorySize() == null ? 128 : c.memorySize(), c.timeout() == null ? 3 : c.timeout(),
        c.ephemeralStorage() == null ? 512 : c.ephemeralStorage().size(), new TreeMap<>(env), layers,
        c.description() == null ? "" : c.description(), c.role(), logging);
  }

  private Optional<PublishedVersion> latestVersion(String functionName) {
    software.amazon.awssdk.services.lambda.model.FunctionConfiguration newest = null;
    for (var v : lambda.listVersionsByFunctionPaginator(r -> r.functionName(functionName)).versions()) {
      if (v.version().equals("$LATEST")) {
        continue;
      }
      if (newest == null || Long.parseLong(v.version()) > Long.parseLong(newest.version())) {
        newest = v;
      }
    }
    return Optional.ofNullable(newest).map(v -> new PublishedVersion(v.version(), v.codeSha256(), configurationOf(v)));
  }

  private Optional<LayerVersion> latestLayer(String name) {
    List<LayerVersionsListItem> items =
        absentIfNotFound(() -> lambda.listLayerVersions(r -> r.layerName(name).maxItems(50)).layerVersions())
            .orElse(List.of());
    LayerVersionsListItem newest = null;
    for (LayerVersionsListItem i : items) {
      if (newest == null || i.version() > newest.version()) {
        newest = i;
      }
    }
    if (newest == null) {
      return Optional.empty();
    }
    long v = newest.version();
    GetLayerVersionResponse got = lambda.getLayerVersion(r -> r.layerName(name).versionNumber(v));
    return Optional.of(new LayerVersion(got.layerVersionArn(), v, got.content().codeSha256()));
  }

  public static AliasState aliasOf(software.amazon.awssdk.services.lambda.model.GetAliasResponse a) {
    return aliasOf(AliasConfiguration.builder().name(a.name()).functionVersion(a.functionVersion())
        .description(a.description()).routingConfig(a.routingConfig()).build());
  }

  public static AliasState aliasOf(AliasConfiguration a) {
    Optional<String> canary = Optional.empty();
    double weight = 0;
    if (a.routingConfig() != null && a.routingConfig().additionalVersionWeights() != null
        && !a.routingConfig().additionalVersionWeights().isEmpty()) {
      var e = a.routingConfig().additionalVersionWeights().entrySet().iterator().next();
      canary = Optional.of(e.getKey());
      weight = e.getValue();
    }
    return new AliasState(a.name(), a.functionVersion(), canary, weight, AliasState.previousFrom(a.description()));
  }

  static FunctionUrlSettings urlOf(GetFunctionUrlConfigResponse u) {
    Cors c = u.cors();
    FunctionUrlSettings.Cors cors = c == null ? FunctionUrlSettings.Cors.NONE
        : new FunctionUrlSettings.Cors(Boolean.TRUE.equals(c.allowCredentials()), c.allowHeaders(), c.allowMethods(),
            c.allowOrigins(), c.exposeHeaders(), c.maxAge());
    return new FunctionUrlSettings(u.authTypeAsString(), cors, u.invokeModeAsString());
  }

  /** Which public-URL statements the alias's resource policy holds. */
  private Set<UrlStatement> urlStatements(String functionName, String alias) {
    Optional<String> policy =
        absentIfNotFound(() -> lambda.getPolicy(r -> r.functionName(functionName).qualifier(alias)).policy());
    return policy.map(DeployedStateReader::statementsIn).orElse(Set.of());
  }

  /** Parses a policy document for the two statements, whichever condition operator wrote them. */
  static Set<UrlStatement> statementsIn(String policy) {
    Set<UrlStatement> found = EnumSet.noneOf(UrlStatement.class);
    JsonNode doc;
    try {
      doc = JSON.readTree(policy);
    } catch (IOException e) {
      return found;
    }
    for (JsonNode s : doc.path("Statement")) {
      if (!"Allow".equals(s.path("Effect").asText())) {
        continue;
      }
      String action = s.path("Action").isArray() ? s.path("Action").path(0).asText() : s.path("Action").asText();
      JsonNode cond = s.path("Condition");
      if (action.equals("lambda:InvokeFunctionUrl")
          && conditionValue(cond, "lambda:FunctionUrlAuthType").equals(FunctionUrlAuthType.NONE.toString())) {
        found.add(UrlStatement.INVOKE_FUNCTION_URL);
      }
      if (action.equals("lambda:InvokeFunction")
          && conditionValue(cond, "lambda:InvokedViaFunctionUrl").equalsIgnoreCase("true")) {
        found.add(UrlStatement.INVOKE_FUNCTION_VIA_URL);
      }
    }
    return found;
  }

  private static String conditionValue(JsonNode condition, String key) {
    for (JsonNode operator : condition) {
      JsonNode v = operator.path(key);
      if (!v.isMissingNode()) {
        return v.isArray() ? v.path(0).asText() : v.asText();
      }
    }
    return "";
  }

  private static <T> Optional<T> absentIfNotFound(java.util.function.Supplier<T> call) {
    try {
      return Optional.ofNullable(call.get());
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }
}
