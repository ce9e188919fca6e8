package io.github.shelllambda.plugin.deploy;

import io.github.shelllambda.plugin.deploy.DeployPlan.Kind;
import io.github.shelllambda.plugin.deploy.DeployPlan.Step;
import io.github.shelllambda.plugin.deploy.DeployedState.LayerVersion;
import io.github.shelllambda.plugin.deploy.DeployedState.UrlStatement;
import io.github.shelllambda.plugin.packaging.BuildLog;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasRoutingConfiguration;
import software.amazon.awssdk.services.lambda.model.Cors;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.EphemeralStorage;
import software.amazon.awssdk.services.lambda.model.FunctionCode;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LoggingConfig;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * Carries out a {@link DeployPlan} through the Lambda API: each update waited for with the SDK's
 * own waiters and guarded by the RevisionId the previous step left; 409 (an update in progress)
 * and 429 retried with backoff, honouring {@code Retry-After}; any other error stops the deploy
 * with what was and was not written. Counts every write call.
 */
public final class Deployer {
  /** Statement ids of the two public Function URL statements. */
  public static final String URL_STATEMENT_ID = "shell-lambda-url-public";

  public static final String INVOKE_STATEMENT_ID = "shell-lambda-url-invoke";

  private static final int MAX_ATTEMPTS = 10;

  private final LambdaClient lambda;
  private final BuildLog log;
  private final List<String> writes = new ArrayList<>();
  private final List<String> done = new ArrayList<>();

  public Deployer(LambdaClient lambda, BuildLog log) {
    this.lambda = lambda;
    this.log = log;
  }

  public DeployResult apply(DesiredState want, DeployedState have, DeployPlan plan, SmokeTest smoke)
      throws DeployException {
    FunctionConfiguration cfg = want.configuration();
    String name = cfg.functionName();
    try {
      // 1. Layers: published only when their content changed.
      Map<String, String> layerArns = new HashMap<>();
      for (LayerArtifact layer : want.ownLayers()) {
        LayerVersion latest = have.latestLayers().get(layer.layerName());
        if (plan.steps().contains(new Step(Kind.PUBLISH_LAYER_VERSION, layer.layerName()))) {
          byte[] zip = Files.readAllBytes(layer.zip());
          String arn = timed("PublishLayerVersion " + layer.layerName(), () -> lambda.publishLayerVersion(r -> r
              .layerName(layer.layerName())
              .description("shell-lambda " + layer.codeSha256())
              .content(c -> c.zipFile(SdkBytes.fromByteArray(zip)))
              .compatibleRuntimesWithStrings(cfg.runtime())
              .compatibleArchitecturesWithStrings(cfg.architecture().lambdaName())).layerVersionArn());
          layerArns.put(layer.layerName(), arn);
        } else {
          layerArns.put(layer.layerName(), latest.layerVersionArn());
        }
      }
      List<String> allLayers = new ArrayList<>();
      want.ownLayers().forEach(l -> allLayers.add(layerArns.get(l.layerName())));
      allLayers.addAll(cfg.layers());

      // 2. The function: configuration, then code, each waited for.
      String revision = have.function().map(DeployedState.DeployedCode::revisionId).orElse(null);
      String role = cfg.role() != null ? cfg.role()
          : have.function().map(f -> f.configuration().role()).orElse(null);
      if (plan.has(Kind.CREATE_FUNCTION)) {
        byte[] zip = Files.readAllBytes(want.functionZip());
        timed("CreateFunction", () -> lambda.createFunction(r -> r
            .functionName(name).runtime(cfg.runtime()).handler(cfg.handler()).role(role)
            .architecturesWithStrings(cfg.architecture().lambdaName())
            .memorySize(cfg.memorySizeMb()).timeout(cfg.timeoutSeconds())
            .ephemeralStorage(EphemeralStorage.builder().size(cfg.ephemeralStorageMb()).build())
            .environment(Environment.builder().variables(cfg.environment()).build())
            .layers(allLayers).description(cfg.description()).loggingConfig(logging(cfg))
            .code(FunctionCode.builder().zipFile(SdkBytes.fromByteArray(zip)).build())
            .tags(want.tags())));
        revision = waitActive(name);
      }
      if (plan.has(Kind.UPDATE_FUNCTION_CONFIGURATION)) {
        String rev = revision;
        timed("UpdateFunctionConfiguration", () -> lambda.updateFunctionConfiguration(r -> r
            .functionName(name).runtime(cfg.runtime()).handler(cfg.handler()).role(role)
            .memorySize(cfg.memorySizeMb()).timeout(cfg.timeoutSeconds())
            .ephemeralStorage(EphemeralStorage.builder().size(cfg.ephemeralStorageMb()).build())
            .environment(Environment.builder().variables(cfg.environment()).build())
            .layers(allLayers).description(cfg.description()).loggingConfig(logging(cfg))
            .revisionId(rev)));
        revision = waitUpdated(name);
      }
      if (plan.has(Kind.UPDATE_FUNCTION_CODE)) {
        byte[] zip = Files.readAllBytes(want.functionZip());
        String rev = revision;
        timed("UpdateFunctionCode", () -> lambda.updateFunctionCode(r -> r
            .functionName(name).zipFile(SdkBytes.fromByteArray(zip))
            .architecturesWithStrings(cfg.architecture().lambdaName()).revisionId(rev)));
        revision = waitUpdated(name);
      }

      // 3. The version: published with both guards, or the newest one reused.
      String version;
      if (plan.has(Kind.PUBLISH_VERSION)) {
        String rev = revision;
        version = timed("PublishVersion", () -> lambda.publishVersion(r -> r
            .functionName(name).codeSha256(want.codeSha256()).revisionId(rev)).version());
      } else {
        version = plan.version();
      }

      // 4. Smoke tests on the new version, before any traffic moves.
      if (plan.has(Kind.PUBLISH_VERSION)) {
        try {
          smoke.run(lambda, name, version);
        } catch (SmokeTest.SmokeTestFailedException e) {
          String live = have.alias().map(AliasState::routing).orElse("nothing (the alias does not exist yet)");
          throw new DeployException("smoke test failed on version " + version + ": " + e.getMessage()
              + "; the alias " + want.alias() + " was not moved: live traffic still goes to version " + live, done, e);
        }
      }

      // 5. The alias, last of the traffic-moving writes.
      AliasState after = resolve(plan.aliasAfter().orElseThrow(), version);
      if (plan.has(Kind.CREATE_ALIAS) || plan.has(Kind.UPDATE_ALIAS)) {
        moveAlias(name, after, plan.has(Kind.CREATE_ALIAS));
      }

      // 6. The Function URL on the alias, and its public statements.
      Optional<String> url = Optional.empty();
      if (want.url().isPresent()) {
        FunctionUrlSettings u = want.url().get();
        if (plan.has(Kind.CREATE_FUNCTION_URL_CONFIG)) {
          url = Optional.of(timed("CreateFunctionUrlConfig", () -> lambda.createFunctionUrlConfig(r -> r
              .functionName(name).qualifier(want.alias()).authType(u.authType()).invokeMode(u.invokeMode())
              .cors(cors(u.cors()))).functionUrl()));
        } else if (plan.has(Kind.UPDATE_FUNCTION_URL_CONFIG)) {
          url = Optional.of(timed("UpdateFunctionUrlConfig", () -> lambda.updateFunctionUrlConfig(r -> r
              .functionName(name).qualifier(want.alias()).authType(u.authType()).invokeMode(u.invokeMode())
              .cors(cors(u.cors()))).functionUrl()));
        } else {
          url = Optional.of(lambda.getFunctionUrlConfig(r -> r.functionName(name).qualifier(want.alias())).functionUrl());
        }
        if (plan.steps().contains(new Step(Kind.ADD_PERMISSION, UrlStatement.INVOKE_FUNCTION_URL.name()))) {
          timed("AddPermission lambda:InvokeFunctionUrl", () -> lambda.addPermission(r -> r
              .functionName(name).qualifier(want.alias()).statementId(URL_STATEMENT_ID)
              .action("lambda:InvokeFunctionUrl").principal("*").functionUrlAuthType(FunctionUrlSettings.NONE)));
        }
        if (plan.steps().contains(new Step(Kind.ADD_PERMISSION, UrlStatement.INVOKE_FUNCTION_VIA_URL.name()))) {
          timed("AddPermission lambda:InvokeFunction", () -> lambda.addPermission(r -> r
              .functionName(name).qualifier(want.alias()).statementId(INVOKE_STATEMENT_ID)
              .action("lambda:InvokeFunction").principal("*").invokedViaFunctionUrl(true)));
        }
      }

      // 7. Reserved concurrency and tags.
      if (plan.has(Kind.PUT_FUNCTION_CONCURRENCY)) {
        timed("PutFunctionConcurrency", () -> lambda.putFunctionConcurrency(r -> r
            .functionName(name).reservedConcurrentExecutions(want.reservedConcurrency().getAsInt())));
      }
      if (plan.has(Kind.TAG_RESOURCE)) {
        String arn = lambda.getFunction(r -> r.functionName(name)).configuration().functionArn();
        timed("TagResource", () -> lambda.tagResource(r -> r.resource(arn).tags(want.tags())));
      }
      String functionArn = have.function().isPresent() || plan.changed()
          ? lambda.getFunction(r -> r.functionName(name)).configuration().functionArn() : "";
      return new DeployResult(functionArn, version, want.alias(), after, after.routing(), url, want.codeSha256(),
          allLayers, !writes.isEmpty(), writes.size(), List.copyOf(writes));
    } catch (LambdaException e) {
      throw new DeployException("the Lambda API refused a write (" + e.awsErrorDetails().errorCode() + ", HTTP "
          + e.statusCode() + "): " + e.awsErrorDetails().errorMessage(), done, e);
    } catch (IOException e) {
      throw new DeployException("cannot read a zip to upload: " + e.getMessage(), done, e);
    }
  }

  /** Moves an alias to {@code to}; used by deploy, promote and rollback alike. */
  public void moveAlias(String functionName, AliasState to, boolean create) {
    AliasRoutingConfiguration routing = AliasRoutingConfiguration.builder()
        .additionalVersionWeights(to.canaryVersion().isPresent()
            ? Map.of(to.canaryVersion().get(), to.canaryWeight()) : Map.of())
        .build();
    String description = to.previousVersion().map(AliasState::description).orElse("");
    if (create) {
      timed("CreateAlias " + to.name() + " -> " + to.routing(), () -> lambda.createAlias(r -> r
          .functionName(functionName).name(to.name()).functionVersion(to.primaryVersion())
          .description(description).routingConfig(routing)));
    } else {
      timed("UpdateAlias " + to.name() + " -> " + to.routing(), () -> lambda.updateAlias(r -> r
          .functionName(functionName).name(to.name()).functionVersion(to.primaryVersion())
          .description(description).routingConfig(routing)));
    }
  }

  /** The write calls made so far, in order. */
  public List<String> writes() {
    return List.copyOf(writes);
  }

  private static AliasState resolve(AliasState a, String version) {
    String primary = a.primaryVersion().equals(DeployPlan.NEW_VERSION) ? version : a.primaryVersion();
    Optional<String> canary = a.canaryVersion().map(c -> c.equals(DeployPlan.NEW_VERSION) ? version : c);
    return new AliasState(a.name(), primary, canary, a.canaryWeight(), a.previousVersion());
  }

  private String waitActive(String name) {
    var r = lambda.waiter().waitUntilFunctionActiveV2(GetFunctionRequest.builder().functionName(name).build());
    return r.matched().response().orElseThrow(() -> new IllegalStateException(
        "the function " + name + " did not become Active: " + r.matched().exception().map(Throwable::getMessage).orElse("")))
        .configuration().revisionId();
  }

  private String waitUpdated(String name) {
    var r = lambda.waiter().waitUntilFunctionUpdatedV2(GetFunctionRequest.builder().functionName(name).build());
    return r.matched().response().orElseThrow(() -> new IllegalStateException(
        "the update of " + name + " did not complete: " + r.matched().exception().map(Throwable::getMessage).orElse("")))
        .configuration().revisionId();
  }

  /** One write call: retried on 409/429, counted, logged with its time. */
  private <T> T timed(String what, Supplier<T> call) {
    long start = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      try {
        T result = call.get();
        writes.add(what.split(" ")[0]);
        done.add(what);
        log.info(what + " (" + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms)");
        return result;
      } catch (ResourceConflictException | TooManyRequestsException e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        long wait = retryAfterMillis(e).orElse(Math.min(5000L, 200L << (attempt - 1)));
        log.debug(what + ": " + e.awsErrorDetails().errorCode() + ", retrying in " + wait + " ms");
        try {
          Thread.sleep(wait);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static Optional<Long> retryAfterMillis(LambdaException e) {
    if (e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null) {
      return Optional.empty();
    }
    return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After").flatMap(v -> {
      try {
        return Optional.of(Math.min(30_000L, Long.parseLong(v.trim()) * 1000));
      } catch (NumberFormatException nfe) {
        return Optional.empty();
      }
    });
  }

  private static LoggingConfig logging(FunctionConfiguration cfg) {
    var l = cfg.logging();
    return LoggingConfig.builder().logFormat(l.logFormat()).applicationLogLevel(l.applicationLogLevel())
        .systemLogLevel(l.systemLogLevel()).logGroup(l.logGroup()).build();
  }

  private static Cors cors(FunctionUrlSettings.Cors c) {
    if (c.equals(FunctionUrlSettings.Cors.NONE)) {
      return null;
    }
    return Cors.builder().allowCredentials(c.allowCredentials()).allowHeaders(c.allowHeaders())
        .allowMethods(c.allowMethods()).allowOrigins(c.allowOrigins()).exposeHeaders(c.exposeHeaders())
        .maxAge(c.maxAge()).build();
  }
}
