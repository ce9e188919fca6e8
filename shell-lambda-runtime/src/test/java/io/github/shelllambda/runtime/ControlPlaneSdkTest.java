package io.github.shelllambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.shelllambda.runtime.bootstrap.BundledBootstrap;
import io.github.shelllambda.runtime.controlplane.ControlPlane;
import io.github.shelllambda.runtime.frontdoor.FrontDoor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;


import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.PublishLayerVersionResponse;
import software.amazon.awssdk.services.lambda.model.PublishVersionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionCodeResponse;
import software.amazon.awssdk.services.lambda.waiters.LambdaWaiter;

/**
 * The AWS SDK for Java v2's {@link LambdaClient}, unchanged, against the local control plane
 * behind the front door: real zips (the bundled bootstrap and bash handlers), real invocations.
 */
class ControlPlaneSdkTest {
  static final String ROLE = "arn:aws:iam::000000000000:role/lambda-role";

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** A plane on {@code state} with this state delay, its front door, and an SDK client pointed at it. */
  private LambdaClient client(Path state, Duration delay) throws Exception {
    ControlPlane plane = ControlPlane.builder(state).stateDelay(delay).open();
    open.add(plane);
    FrontDoor door = FrontDoor.start(0, plane);
    open.add(door);
    endpoint = door.endpoint();
    LambdaClient c =
        LocalLambdaClients.sync(door.endpoint());
    open.add(c);
    return c;
  }

  private String endpoint;

  /** A function zip with the bundled bootstrap and a handler answering {@code {"code":"<marker>"}}. */
  private SdkBytes functionZip(String marker) throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("bootstrap", BundledBootstrap.bytes(TestFunctions.host()));
    files.put("handler.sh", ("run() { printf '{\"code\":\"" + marker + "\"}'; }\n").getBytes(StandardCharsets.UTF_8));
    Path zip = TestFunctions.zip(dir.resolve("zips").resolve(marker + ".zip"), files);
    return SdkBytes.fromByteArray(Files.readAllBytes(zip));
  }

  private static Consumer<CreateFunctionRequest.Builder> function(String name, SdkBytes zip) {
    return b -> b.functionName(name).runtime("provided.al2023").handler("handler.run").role(ROLE)
        .architecturesWithStrings(TestFunctions.host().lambdaName()).code(c -> c.zipFile(zip));
  }

  private static String sha256(SdkBytes bytes) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes.asByteArray()));
  }

  private static LambdaWaiter waiter(LambdaClient lambda) {
    return LambdaWaiter.builder().client(lambda)
        .overrideConfiguration(WaiterOverrideConfiguration.builder().maxAttempts(60).build()).build();
  }

  @Test
  void createWaitActiveInvoke() throws Exception {
    LambdaClient lambda = client(dir.resolve("state"), Duration.ofMillis(300));
    SdkBytes zip = functionZip("v1");
    CreateFunctionResponse created = lambda.createFunction(function("hello", zip));
    assertThat(created.state()).isEqualTo(State.PENDING);
    assertThat(created.lastUpdateStatus()).isEqualTo(LastUpdateStatus.IN_PROGRESS);
    assertThat(created.codeSha256()).isEqualTo(sha256(zip));
    assertThat(created.codeSize()).isEqualTo(zip.asByteArray().length);
    assertThat(created.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:hello");
    assertThat(created.version()).isEqualTo("$LATEST");

    waiter(lambda).waitUntilFunctionActiveV2(b -> b.functionName("hello")).matched().response().orElseThrow();
    FunctionConfiguration active = lambda.getFunction(b -> b.functionName("hello")).configuration();
    assertThat(active.state()).isEqualTo(State.ACTIVE);
    assertThat(active.lastUpdateStatus()).isEqualTo(LastUpdateStatus.SUCCESSFUL);
    assertThat(active.revisionId()).as("settling changes the RevisionId").isNotEqualTo(created.revisionId());

    InvokeResponse r = lambda.invoke(b -> b.functionName("hello").payload(SdkBytes.fromUtf8String("{}")));
    assertThat(r.payload().asUtf8String()).isEqualTo("{\"code\":\"v1\"}");
    assertThat(r.executedVersion()).isEqualTo("$LATEST");
    assertThat(r.responseMetadata().requestId()).isNotBlank();

    assertThatThrownBy(() -> lambda.createFunction(function("hello", zip)))
        .isInstanceOf(ResourceConflictException.class).hasMessageContaining("Function already exist: hello");
  }

  @Test
  void updateConflictsWhileInProgressThenPublishesWithBothGuards() throws Exception {
    LambdaClient lambda = client(dir.resolve("state"), Duration.ofSeconds(2));
    lambda.createFunction(function("fn", functionZip("v1")));
    waiter(lambda).waitUntilFunctionActiveV2(b -> b.functionName("fn"));

    SdkBytes v2 = functionZip("v2");
    UpdateFunctionCodeResponse updating = lambda.updateFunctionCode(b -> b.functionName("fn").zipFile(v2));
    assertThat(updating.lastUpdateStatus()).isEqualTo(LastUpdateStatus.IN_PROGRESS);
    assertThat(updating.codeSha256()).isEqualTo(sha256(v2));
    String arn = "arn:aws:lambda:us-east-1:000000000000:function:fn";
    assertThatThrownBy(() -> lambda.updateFunctionConfiguration(b -> b.functionName("fn").memorySize(256)))
        .isInstanceOf(ResourceConflictException.class)
        .hasMessageContaining("The operation cannot be performed at this time. An update is in progress for resource: "
            + arn)
        .satisfies(e -> assertThat(((LambdaException) e).statusCode()).isEqualTo(409));
    assertThatThrownBy(() -> lambda.publishVersion(b -> b.functionName("fn")))
        .isInstanceOf(ResourceConflictException.class);
    assertThat(lambda.invoke(b -> b.functionName("fn").payload(SdkBytes.fromUtf8String("{}"))).payload().asUtf8String())
        .as("until the update settles, $LATEST runs the code from before it").isEqualTo("{\"code\":\"v1\"}");

    waiter(lambda).waitUntilFunctionUpdatedV2(b -> b.functionName("fn")).matched().response().orElseThrow();
    var updated = lambda.getFunctionConfiguration(b -> b.functionName("fn"));
    assertThat(updated.lastUpdateStatus()).isEqualTo(LastUpdateStatus.SUCCESSFUL);
    assertThat(updated.revisionId()).as("the completion of the update is a change").isNotEqualTo(updating.revisionId());
    assertThat(lambda.invoke(b -> b.functionName("fn").payload(SdkBytes.fromUtf8String("{}"))).payload().asUtf8String())
        .isEqualTo("{\"code\":\"v2\"}");

    assertThatThrownBy(() -> lambda.publishVersion(b -> b.functionName("fn").revisionId(updating.revisionId())))
        .isInstanceOf(PreconditionFailedException.class)
        .hasMessageContaining("The Revision Id provided does not match the latest Revision Id")
        .satisfies(e -> assertThat(((LambdaException) e).statusCode()).isEqualTo(412));
    String v1Sha = sha256(functionZip("v1"));
    String v2Sha = sha256(v2);
    assertThatThrownBy(() -> lambda.publishVersion(b -> b.functionName("fn").codeSha256(v1Sha)))
        .isInstanceOf(InvalidParameterValueException.class)
        .hasMessageContaining("is different from current CodeSHA256 in $LATEST (" + sha256(v2) + ")")
        .satisfies(e -> assertThat(((LambdaException) e).statusCode()).isEqualTo(400));

    PublishVersionResponse v = lambda.publishVersion(
        b -> b.functionName("fn").codeSha256(v2Sha).revisionId(updated.revisionId()));
    assertThat(v.version()).isEqualTo("1");
    assertThat(v.functionArn()).isEqualTo(arn + ":1");
    assertThat(v.codeSha256()).isEqualTo(sha256(v2));
    PublishVersionResponse again = lambda.publishVersion(b -> b.functionName("fn"));
    assertThat(again.version()).as("nothing changed since version 1: no new version").isEqualTo("1");
    assertThat(lambda.publishVersion(b -> b.functionName("fn").description("named")).version())
        .as("a Description for the version alone is no change").isEqualTo("1");
    lambda.updateFunctionConfiguration(b -> b.functionName("fn").description("changed"));
    waiter(lambda).waitUntilFunctionUpdatedV2(b -> b.functionName("fn"));
    assertThat(lambda.publishVersion(b -> b.functionName("fn").description("v2 notes")).version())
        .as("a changed description is a change").isEqualTo("2");
    assertThat(lambda.publishVersion(b -> b.functionName("fn")).version()).isEqualTo("2");
    assertThat(lambda.getFunctionConfiguration(b -> b.functionName("fn").qualifier("2")).description()).isEqualTo("v2 notes");
    assertThat(lambda.listVersionsByFunction(b -> b.functionName("fn")).versions())
        .extracting(FunctionConfiguration::version).containsExactly("$LATEST", "1", "2");

    InvokeResponse r = lambda.invoke(b -> b.functionName("fn").qualifier("1").payload(SdkBytes.fromUtf8String("{}")));
    assertThat(r.executedVersion()).isEqualTo("1");
    assertThat(r.payload().asUtf8String()).isEqualTo("{\"code\":\"v2\"}");
  }

  /**
   * As on Lambda: a version's execution environment knows its version ({@code
   * AWS_LAMBDA_FUNCTION_VERSION}, the START line), and the invoked ARN carries the qualifier the
   * caller used, an alias's name rather than the version it routed to.
   */
  @Test
  void aVersionKnowsItsVersionAndTheInvokedArnCarriesTheCallersQualifier() throws Exception {
    LambdaClient lambda = client(dir.resolve("state"), Duration.ZERO);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("bootstrap", BundledBootstrap.bytes(TestFunctions.host()));
    files.put("handler.sh", ("run() { printf '{\"version\":\"%s\",\"arn\":\"%s\"}'"
        + " \"$AWS_LAMBDA_FUNCTION_VERSION\" \"$LAMBDA_RUNTIME_INVOKED_FUNCTION_ARN\"; }\n").getBytes(StandardCharsets.UTF_8));
    SdkBytes zip = SdkBytes.fromByteArray(Files.readAllBytes(TestFunctions.zip(dir.resolve("whoami.zip"), files)));
    lambda.createFunction(function("whoami", zip));
    waiter(lambda).waitUntilFunctionActiveV2(b -> b.functionName("whoami"));
    assertThat(lambda.publishVersion(b -> b.functionName("whoami")).version()).isEqualTo("1");
    lambda.createAlias(b -> b.functionName("whoami").name("live").functionVersion("1"));
    lambda.createAlias(b -> b.functionName("whoami").name("dev").functionVersion("$LATEST"));
    String arn = "arn:aws:lambda:us-east-1:000000000000:function:whoami";

    // qualifier as the caller gives it -> the version that runs, the invoked ARN the function sees
    record Case(String qualifier, String version, String invokedArn) {}
    List<Case> cases = List.of(
        new Case(null, "$LATEST", arn),
        new Case("$LATEST", "$LATEST", arn + ":$LATEST"),
        new Case("1", "1", arn + ":1"),
        new Case("live", "1", arn + ":live"),
        new Case("dev", "$LATEST", arn + ":dev"));
    for (Case c : cases) {
      InvokeResponse r = lambda.invoke(b -> b.functionName("whoami").qualifier(c.qualifier()).logType("Tail")
          .payload(SdkBytes.fromUtf8String("{}")));
      assertThat(r.functionError()).as("qualifier %s", c.qualifier()).isNull();
      assertThat(r.executedVersion()).as("qualifier %s", c.qualifier()).isEqualTo(c.version());
      assertThat(r.payload().asUtf8String()).as("qualifier %s", c.qualifier())
          .isEqualTo("{\"version\":\"" + c.version() + "\",\"arn\":\"" + c.invokedArn() + "\"}");
      String tail = new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
      assertThat(tail).as("qualifier %s", c.qualifier())
          .contains("START RequestId: " + r.responseMetadata().requestId() + " Version: " + c.version() + "\n");
    }
    // the same qualifier in the function name (name:qualifier) and in a full ARN
    assertThat(lambda.invoke(b -> b.functionName(arn + ":live").payload(SdkBytes.fromUtf8String("{}")))
        .payload().asUtf8String()).isEqualTo("{\"version\":\"1\",\"arn\":\"" + arn + ":live\"}");
    assertThat(lambda.invoke(b -> b.functionName("whoami:1").payload(SdkBytes.fromUtf8String("{}")))
        .payload().asUtf8String()).isEqualTo("{\"version\":\"1\",\"arn\":\"" + arn + ":1\"}");
    assertThatThrownBy(() -> lambda.invoke(b -> b.functionName("whoami").qualifier("2")))
        .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining(arn + ":2");
    assertThatThrownBy(() -> lambda.invoke(b -> b.functionName("whoami").qualifier("nosuchalias")))
        .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining(arn + ":nosuchalias");
  }

  @Test
  void updateFunctionCodeWithDryRunPublishAndRevisionId() throws Exception {
    LambdaClient lambda = client(dir.resolve("state"), Duration.ZERO);
    SdkBytes one = functionZip("one");
    String created = lambda.createFunction(function("upd", one)).revisionId();
    String settled = lambda.getFunction(b -> b.functionName("upd")).configuration().revisionId();
    SdkBytes two = functionZip("two");
    assertThatThrownBy(() -> lambda.updateFunctionCode(b -> b.functionName("upd").zipFile(two).revisionId(created)))
        .isInstanceOf(PreconditionFailedException.class);

    var dry = lambda.updateFunctionCode(b -> b.functionName("upd").zipFile(two).dryRun(true));
    assertThat(dry.codeSha256()).isEqualTo(sha256(two));
    assertThat(lambda.getFunction(b -> b.functionName("upd")).configuration().codeSha256())
        .as("a dry run changes nothing").isEqualTo(sha256(one));
    assertThat(lambda.getFunction(b -> b.functionName("upd")).configuration().revisionId()).isEqualTo(settled);

    var published = lambda.updateFunctionCode(b -> b.functionName("upd").zipFile(two).publish(true).revisionId(settled));
    assertThat(published.version()).isEqualTo("1");
    assertThat(published.codeSha256()).isEqualTo(sha256(two));

    var configured = lambda.updateFunctionConfiguration(b -> b.functionName("upd").memorySize(512).timeout(30)
        .description("second").environment(e -> e.variables(Map.of("GREETING", "hi"))));
    assertThat(configured.memorySize()).isEqualTo(512);
    assertThat(configured.environment().variables()).containsEntry("GREETING", "hi");
    assertThat(lambda.publishVersion(b -> b.functionName("upd")).version())
        .as("a configuration change is a change").isEqualTo("2");
    assertThat(lambda.getFunctionConfiguration(b -> b.functionName("upd").qualifier("1")).memorySize())
        .as("version 1 keeps its own configuration").isEqualTo(128);
    lambda.createAlias(b -> b.functionName("upd").name("prod").functionVersion("1"));
    assertThat(lambda.getFunction(b -> b.functionName("upd").qualifier("prod")).configuration().version()).isEqualTo("1");
    assertThat(lambda.getFunction(b -> b.functionName("upd:2")).configuration().description()).isEqualTo("second");
    assertThatThrownBy(() -> lambda.updateFunctionConfiguration(b -> b.functionName("upd:1").memorySize(256)))
        .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("$LATEST");
  }

  @Test
  void aliasRoutesNinetyTenAndEachResponseComesFromTheVersionItNames() throws Exception {
    LambdaClient lambda = client(dir.resolve("state"), Duration.ZERO);
    lambda.createFunction(function("canary", functionZip("one")));
    waiter(lambda).waitUntilFunctionActiveV2(b -> b.functionName("canary"));
    assertThat(lambda.publishVersion(b -> b.functionName("canary")).version()).isEqualTo("1");
    lambda.updateFunctionCode(b -> b.functionName("canary").zipFile(functionZipUnchecked("two")));
    waiter(lambda).waitUntilFunctionUpdatedV2(b -> b.functionName("canary"));
    assertThat(lambda.publishVersion(b -> b.functionName("canary")).version()).isEqualTo("2");

    var live = lambda.createAlias(b -> b.functionName("canary").name("live").functionVersion("1")
        .routingConfig(rc -> rc.additionalVersionWeights(Map.of("2", 0.1))));
    assertThat(live.aliasArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:canary:live");
    assertThat(live.routingConfig().additionalVersionWeights()).containsEntry("2", 0.1);

    Map<String, String> expected = Map.of("1", "{\"code\":\"one\"}", "2", "{\"code\":\"two\"}");
    int onTwo = 0;
    for (int i = 0; i < 1000; i++) {
      InvokeResponse r = lambda.invoke(b -> b.functionName("canary").qualifier("live").payload(SdkBytes.fromUtf8String("{}")));
      assertThat(r.payload().asUtf8String()).as("the response of invocation " + i + " comes from the version it names")
          .isEqualTo(expected.get(r.executedVersion()));
      if (r.executedVersion().equals("2")) {
        onTwo++;
      }
    }
    // binomial(1000, 0.1): mean 100, standard deviation 9.5; 60..140 is four standard deviations either side
    assertThat(onTwo).isBetween(60, 140);

    var promoted = lambda.updateAlias(b -> b.functionName("canary").name("live").functionVersion("2")
        .routingConfig(rc -> rc.additionalVersionWeights(Map.of())));
    assertThat(promoted.routingConfig()).isNull();
    assertThat(lambda.invoke(b -> b.functionName("canary:live").payload(SdkBytes.fromUtf8String("{}"))).executedVersion())
        .isEqualTo("2");
    assertThatThrownBy(() -> lambda.updateAlias(b -> b.functionName("canary").name("live").revisionId(live.revisionId())))
        .isInstanceOf(PreconditionFailedException.class);
  }

  private SdkBytes functionZipUnchecked(String marker) {
    try {
      return functionZip(marker);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void invalidRoutingConfigsAreRefusedWithTheServicesMessages() throws Exception {
    LambdaClient lambda = client(dir.resolve("state"), Duration.ZERO);
    lambda.createFunction(function("routes", functionZip("a")));
    lambda.publishVersion(b -> b.functionName("routes"));
    lambda.updateFunctionCode(b -> b.functionName("routes").zipFile(functionZipUnchecked("b")));
    lambda.publishVersion(b -> b.functionName("routes"));
    lambda.updateFunctionCode(b -> b.functionName("routes").zipFile(functionZipUnchecked("c")));
    lambda.publishVersion(b -> b.functionName("routes"));

    record Case(String name, String primary, Map<String, Double> weights, Class<?> type, String message) {}
    List<Case> cases = List.of(
        new Case("live", "1", Map.of("2", 0.1, "3", 0.1), InvalidParameterValueException.class,
            "Number of items in AdditionalVersionWeights cannot be greater than 1"),
        new Case("live", "1", Map.of("2", 1.5), LambdaException.class,
            "1 validation error detected: Value '{2=1.5}' at 'routingConfig.additionalVersionWeights' failed to satisfy"
                + " constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0"),
        new Case("live", "1", Map.of("2", -0.1), LambdaException.class,
            "Member must have value greater than or equal to 0.0"),
        new Case("live", "1", Map.of("1", 0.5), InvalidParameterValueException.class,
            "Invalid function version 1. Function version 1 is already included in routing configuration."),
        new Case("live", "$LATEST", Map.of("1", 0.5), InvalidParameterValueException.class,
            "$LATEST is not supported for an alias pointing to more than 1 version"),
        new Case("live", "1", Map.of("99", 0.5), ResourceNotFoundException.class,
            "Function not found: arn:aws:lambda:us-east-1:000000000000:function:routes:99"),
        new Case("live", "1", Map.of("$LATEST", 0.5), LambdaException.class,
            "Member must satisfy regular expression pattern: [0-9]+"),
        new Case("live", "99", Map.of(), ResourceNotFoundException.class,
            "Function not found: arn:aws:lambda:us-east-1:000000000000:function:routes:99"),
        new Case("123", "1", Map.of(), LambdaException.class,
            "1 validation error detected: Value '123' at 'name' failed to satisfy constraint: Member must satisfy"
                + " regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)"),
        new Case("a.b", "1", Map.of(), LambdaException.class, "Value 'a.b' at 'name'"),
        new Case("x".repeat(129), "1", Map.of(), LambdaException.class,
            "Member must have length less than or equal to 128"));
    for (Case c : cases) {
      assertThatThrownBy(() -> lambda.createAlias(b -> b.functionName("routes").name(c.name()).functionVersion(c.primary())
              .routingConfig(rc -> rc.additionalVersionWeights(c.weights()))))
          .as(c.toString()).isInstanceOf(c.type()).hasMessageContaining(c.message());
    }
    // the same rules on UpdateAlias; and the valid edges (weight 0 and 1) are accepted
    lambda.createAlias(b -> b.functionName("routes").name("live").functionVersion("1"));
    assertThatThrownBy(() -> lambda.updateAlias(b -> b.functionName("routes").name("live")
            .routingConfig(rc -> rc.additionalVersionWeights(Map.of("2", 0.5, "3", 0.5)))))
        .isInstanceOf(InvalidParameterValueException.class);
    assertThat(lambda.updateAlias(b -> b.functionName("routes").name("live")
            .routingConfig(rc -> rc.additionalVersionWeights(Map.of("2", 1.0)))).routingConfig().additionalVersionWeights())
        .containsEntry("2", 1.0);
    assertThat(lambda.updateAlias(b -> b.functionName("routes").name("live")
            .routingConfig(rc -> rc.additionalVersionWeights(Map.of("3", 0.0)))).routingConfig().additionalVersionWeights())
        .containsEntry("3", 0.0);
    assertThatThrownBy(() -> lambda.createAlias(b -> b.functionName("routes").name("live").functionVersion("2")))
        .isInstanceOf(ResourceConflictException.class).hasMessageContaining("Alias already exists");
    assertThatThrownBy(() -> lambda.deleteFunction(b -> b.functionName("routes").qualifier("3")))
        .isInstanceOf(ResourceConflictException.class).hasMessageContaining("[live]");
    lambda.deleteFunction(b -> b.functionName("routes").qualifier("2"));
    assertThat(lambda.listVersionsByFunction(b -> b.functionName("routes")).versions())
        .extracting(FunctionConfiguration::version).containsExactly("$LATEST", "1", "3");
    assertThat(lambda.listAliases(b -> b.functionName("routes")).aliases()).extracting(AliasConfiguration::name)
        .containsExactly("live");
    lambda.deleteAlias(b -> b.functionName("routes").name("live"));
    assertThatThrownBy(() -> lambda.getAlias(b -> b.functionName("routes").name("live")))
        .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Cannot find alias arn");
  }

  @Test
  void layersAreResolvedAgainstThePlaneAndRunFromIt() throws Exception {
    LambdaClient lambda = client(dir.resolve("state"), Duration.ZERO);
    SdkBytes layerZip = SdkBytes.fromByteArray(Files.readAllBytes(TestFunctions.bootstrapLayer(dir, TestFunctions.host())));
    PublishLayerVersionResponse layer = lambda.publishLayerVersion(b -> b.layerName("shell-lambda-bootstrap")
        .content(c -> c.zipFile(layerZip)).compatibleRuntimesWithStrings("provided.al2023")
        .compatibleArchitecturesWithStrings(TestFunctions.host().lambdaName()));
    assertThat(layer.version()).isEqualTo(1L);
    assertThat(layer.layerVersionArn())
        .isEqualTo("arn:aws:lambda:us-east-1:000000000000:layer:shell-lambda-bootstrap:1");
    assertThat(layer.content().codeSha256()).isEqualTo(sha256(layerZip));
    assertThat(lambda.publishLayerVersion(b -> b.layerName("shell-lambda-bootstrap").content(c -> c.zipFile(layerZip)))
        .version()).as("every publish is a new version, as on Lambda").isEqualTo(2L);

    SdkBytes handlerOnly = SdkBytes.fromByteArray(Files.readAllBytes(
        TestFunctions.handlerZip(dir.resolve("h"), "run() { printf '\"from a layer\"'; }\n")));
    lambda.createFunction(b -> function("layered", handlerOnly).accept(b.layers(layer.layerVersionArn())));
    assertThat(lambda.invoke(b -> b.functionName("layered").payload(SdkBytes.fromUtf8String("{}"))).payload().asUtf8String())
        .isEqualTo("\"from a layer\"");
    assertThat(lambda.getFunction(b -> b.functionName("layered")).configuration().layers())
        .singleElement().satisfies(l -> assertThat(l.codeSize()).isEqualTo(layerZip.asByteArray().length));

    String unknown = "arn:aws:lambda:us-east-1:000000000000:layer:nope:1";
    assertThatThrownBy(() -> lambda.createFunction(b -> function("bad", handlerOnly).accept(b.layers(unknown))))
        .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("Layer version " + unknown + " does not exist.");
    List<String> six = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      six.add(layer.layerVersionArn());
    }
    assertThatThrownBy(() -> lambda.createFunction(b -> function("bad", handlerOnly).accept(b.layers(six))))
        .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("at most 5 layers");

    assertThat(lambda.getLayerVersionByArn(b -> b.arn(layer.layerVersionArn())).content().codeSha256()).isEqualTo(sha256(layerZip));
    assertThat(lambda.listLayerVersions(b -> b.layerName("shell-lambda-bootstrap")).layerVersions())
        .extracting(v -> v.version()).containsExactly(2L, 1L);
    assertThat(lambda.listLayers().layers()).singleElement()
        .satisfies(l -> assertThat(l.latestMatchingVersion().version()).isEqualTo(2L));

    lambda.deleteLayerVersion(b -> b.layerName("shell-lambda-bootstrap").versionNumber(1L));
    assertThatThrownBy(() -> lambda.getLayerVersion(b -> b.layerName("shell-lambda-bootstrap").versionNumber(1L)))
        .isInstanceOf(ResourceNotFoundException.class);
    // a function keeps the layer version it resolved, as on Lambda
    lambda.updateFunctionConfiguration(b -> b.functionName("layered").memorySize(256));
    assertThat(lambda.invoke(b -> b.functionName("layered").payload(SdkBytes.fromUtf8String("{}"))).payload().asUtf8String())
        .isEqualTo("\"from a layer\"");
  }

  @Test
  void reservedConcurrencyThrottlesAndTagsAreKept() throws Exception {
    LambdaClient lambda = client(dir.resolve("state"), Duration.ZERO);
    Path started = dir.resolve("started");
    Path release = dir.resolve("release");
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("bootstrap", BundledBootstrap.bytes(TestFunctions.host()));
    files.put("handler.sh", ("run() { cat >/dev/null; : > \"$STARTED\"; while [ ! -e \"$RELEASE\" ]; do sleep 0.02; done;"
        + " printf '\"done\"'; }\n").getBytes(StandardCharsets.UTF_8));
    SdkBytes zip = SdkBytes.fromByteArray(Files.readAllBytes(TestFunctions.zip(dir.resolve("slow.zip"), files)));
    lambda.createFunction(b -> function("slow", zip).accept(b.timeout(60).tags(Map.of("team", "a"))
        .environment(e -> e.variables(Map.of("STARTED", started.toString(), "RELEASE", release.toString())))));
    assertThat(lambda.putFunctionConcurrency(b -> b.functionName("slow").reservedConcurrentExecutions(1))
        .reservedConcurrentExecutions()).isEqualTo(1);
    assertThat(lambda.getFunctionConcurrency(b -> b.functionName("slow")).reservedConcurrentExecutions()).isEqualTo(1);
    assertThat(lambda.getFunction(b -> b.functionName("slow")).concurrency().reservedConcurrentExecutions()).isEqualTo(1);

    try (LambdaClient noRetries = LocalLambdaClients.withoutRetries(endpoint)) {
      var first = java.util.concurrent.CompletableFuture.supplyAsync(
          () -> noRetries.invoke(b -> b.functionName("slow").payload(SdkBytes.fromUtf8String("{}"))).payload().asUtf8String());
      long until = System.nanoTime() + 30_000_000_000L;
      while (!Files.exists(started) && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertThat(started).as("the first invocation is running").exists();
      assertThatThrownBy(() -> noRetries.invoke(b -> b.functionName("slow").payload(SdkBytes.fromUtf8String("{}"))))
          .isInstanceOf(software.amazon.awssdk.services.lambda.model.TooManyRequestsException.class)
          .satisfies(e -> assertThat(((software.amazon.awssdk.services.lambda.model.TooManyRequestsException) e)
              .reasonAsString()).isEqualTo("ReservedFunctionConcurrentInvocationLimitExceeded"))
          .satisfies(e -> assertThat(((LambdaException) e).statusCode()).isEqualTo(429));
      Files.createFile(release);
      assertThat(first.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("\"done\"");
      assertThat(noRetries.invoke(b -> b.functionName("slow").payload(SdkBytes.fromUtf8String("{}"))).payload().asUtf8String())
          .as("the permit came back").isEqualTo("\"done\"");

      noRetries.putFunctionConcurrency(b -> b.functionName("slow").reservedConcurrentExecutions(0));
      assertThatThrownBy(() -> noRetries.invoke(b -> b.functionName("slow").payload(SdkBytes.fromUtf8String("{}"))))
          .as("0 throttles everything")
          .isInstanceOf(software.amazon.awssdk.services.lambda.model.TooManyRequestsException.class);
    }
    lambda.deleteFunctionConcurrency(b -> b.functionName("slow"));
    assertThat(lambda.getFunctionConcurrency(b -> b.functionName("slow")).reservedConcurrentExecutions()).isNull();

    String arn = "arn:aws:lambda:us-east-1:000000000000:function:slow";
    assertThat(lambda.listTags(b -> b.resource(arn)).tags()).containsExactly(Map.entry("team", "a"));
    lambda.tagResource(b -> b.resource(arn).tags(Map.of("stage", "dev", "owner", "me")));
    lambda.untagResource(b -> b.resource(arn).tagKeys("team", "owner"));
    assertThat(lambda.listTags(b -> b.resource(arn)).tags()).containsExactly(Map.entry("stage", "dev"));
    assertThat(lambda.getFunction(b -> b.functionName("slow")).tags()).containsExactly(Map.entry("stage", "dev"));
  }

  @Test
  void aLocallyBuiltFunctionAppearsAsLatestBesideTheRunningOne() throws Exception {
    ControlPlane plane = ControlPlane.builder(dir.resolve("state")).stateDelay(Duration.ZERO).open();
    open.add(plane);
    Path zip = TestFunctions.handlerZip(dir.resolve("project"), "run() { printf '\"project\"'; }\n");
    Path layer = TestFunctions.bootstrapLayer(dir.resolve("project"), TestFunctions.host());
    Path namedLayer = Files.copy(layer, dir.resolve("project/shell-lambda-bootstrap-" + TestFunctions.host().lambdaName() + ".zip"));
    io.github.shelllambda.runtime.function.FunctionConfiguration config =
        io.github.shelllambda.runtime.function.FunctionConfiguration.builder("project").architecture(TestFunctions.host())
            .build();
    List<String> arns = plane.putLocalFunction(config, zip, List.of(namedLayer));
    String layerArn = "arn:aws:lambda:us-east-1:000000000000:layer:shell-lambda-bootstrap-"
        + TestFunctions.host().lambdaName() + ":1";
    assertThat(arns).containsExactly(layerArn);
    LocalFunction running = TestFunctions.function(dir.resolve("running"), "run() { printf '\"running\"'; }\n")
        .configuration(TestFunctions.config("project").build()).start();
    open.add(running);
    FrontDoor door = FrontDoor.start(0, plane, running);
    open.add(door);
    LambdaClient lambda = LocalLambdaClients.sync(door.endpoint());
    open.add(lambda);

    FunctionConfiguration got = lambda.getFunction(b -> b.functionName("project")).configuration();
    assertThat(got.state()).isEqualTo(State.ACTIVE);
    assertThat(got.codeSha256()).isEqualTo(sha256(SdkBytes.fromByteArray(Files.readAllBytes(zip))));
    assertThat(got.layers()).extracting(l -> l.arn()).containsExactly(layerArn);
    assertThat(lambda.invoke(b -> b.functionName("project")).payload().asUtf8String())
        .as("Invoke goes to the function the run goal started").isEqualTo("\"running\"");

    plane.putLocalFunction(config, zip, List.of(namedLayer));
    assertThat(lambda.getFunction(b -> b.functionName("project")).configuration().revisionId())
        .as("nothing changed: no new revision").isEqualTo(got.revisionId());
    assertThat(lambda.listLayerVersions(b -> b.layerName("shell-lambda-bootstrap-" + TestFunctions.host().lambdaName()))
        .layerVersions()).hasSize(1);
    plane.putLocalFunction(config.toBuilder().memorySizeMb(256).build(), zip, List.of(namedLayer));
    assertThat(lambda.getFunction(b -> b.functionName("project")).configuration().memorySize()).isEqualTo(256);

    String published = lambda.publishVersion(b -> b.functionName("project")).version();
    InvokeResponse v1 = lambda.invoke(b -> b.functionName("project").qualifier(published));
    assertThat(v1.payload().asUtf8String()).as("a published version runs the plane's code").isEqualTo("\"project\"");
    assertThat(v1.executedVersion()).isEqualTo(published);
    assertThat(lambda.invoke(b -> b.functionName("project").qualifier("$LATEST")).payload().asUtf8String())
        .as("$LATEST named explicitly is still the function the run goal started").isEqualTo("\"running\"");
  }

  @Test
  void stateSurvivesARestartOfThePlane() throws Exception {
    Path state = dir.resolve("state");
    LambdaClient first = client(state, Duration.ZERO);
    first.createFunction(function("kept", functionZip("first")));
    first.publishVersion(b -> b.functionName("kept"));
    first.updateFunctionCode(b -> b.functionName("kept").zipFile(functionZipUnchecked("second")));
    first.createAlias(b -> b.functionName("kept").name("live").functionVersion("1"));
    String revision = first.getFunction(b -> b.functionName("kept")).configuration().revisionId();
    assertThatThrownBy(() -> ControlPlane.builder(state).open())
        .as("one plane per state directory at a time")
        .isInstanceOf(java.io.IOException.class).hasMessageContaining("another local control plane uses the state directory");
    closeAll();
    open.clear();

    LambdaClient second = client(state, Duration.ZERO);
    FunctionConfiguration latest = second.getFunction(b -> b.functionName("kept")).configuration();
    assertThat(latest.revisionId()).isEqualTo(revision);
    assertThat(latest.state()).isEqualTo(State.ACTIVE);
    assertThat(second.invoke(b -> b.functionName("kept:live").payload(SdkBytes.fromUtf8String("{}"))).payload().asUtf8String())
        .isEqualTo("{\"code\":\"first\"}");
    assertThat(second.invoke(b -> b.functionName("kept").payload(SdkBytes.fromUtf8String("{}"))).payload().asUtf8String())
        .isEqualTo("{\"code\":\"second\"}");
    assertThat(second.publishVersion(b -> b.functionName("kept")).version()).isEqualTo("2");
    assertThat(Files.list(state).map(p -> p.getFileName().toString())).contains("state.json").doesNotContain("state.json.tmp");
    assertThat(Files.readAllLines(state.resolve("requests.log")))
        .as("the request log names each operation, for a deploy's tests to count its writes")
        .anyMatch(l -> l.matches("\\S+ CreateFunction POST /2015-03-31/functions 201"))
        .anyMatch(l -> l.matches("\\S+ UpdateFunctionCode PUT /2015-03-31/functions/kept/code 200"))
        .anyMatch(l -> l.matches("\\S+ PublishVersion POST /2015-03-31/functions/kept/versions 201"));
  }

  @Test
  void listsArePaginatedAndErrorsAreTheServices() throws Exception {
    LambdaClient lambda = client(dir.resolve("state"), Duration.ZERO);
    SdkBytes zip = functionZip("x");
    for (String n : List.of("c", "a", "b")) {
      lambda.createFunction(function(n, zip));
    }
    var page = lambda.listFunctions(b -> b.maxItems(2));
    assertThat(page.functions()).extracting(FunctionConfiguration::functionName).containsExactly("a", "b");
    assertThat(page.nextMarker()).isNotNull();
    assertThat(lambda.listFunctions(b -> b.maxItems(2).marker(page.nextMarker())).functions())
        .extracting(FunctionConfiguration::functionName).containsExactly("c");
    assertThat(lambda.listFunctionsPaginator(b -> b.maxItems(1)).functions()).hasSize(3);

    assertThatThrownBy(() -> lambda.getFunction(b -> b.functionName("missing")))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing");
    assertThatThrownBy(() -> lambda.createFunction(b -> b.functionName("s3").runtime("provided.al2023").handler("h.run")
            .role(ROLE).code(c -> c.s3Bucket("bucket").s3Key("key.zip"))))
        .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("not supported")
        .hasMessageContaining("ZipFile");
    assertThatThrownBy(() -> lambda.createFunction(function("notazip", SdkBytes.fromUtf8String("hello"))))
        .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("Could not unzip uploaded file");
    Path slip = TestFunctions.zip(dir.resolve("slip.zip"), Map.of("../evil.sh", "x".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> lambda.createFunction(function("slip", SdkBytes.fromByteArray(Files.readAllBytes(slip)))))
        .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("Could not unzip uploaded file")
        .hasMessageContaining("../evil.sh");
    assertThatThrownBy(() -> lambda.createFunction(b -> function("mem", zip).accept(b.memorySize(64))))
        .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("MemorySize is '64'");
    assertThatThrownBy(() -> lambda.updateFunctionConfiguration(b -> b.functionName("a").timeout(901)))
        .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("Timeout is '901'");

    lambda.deleteFunction(b -> b.functionName("a"));
    assertThatThrownBy(() -> lambda.invoke(b -> b.functionName("a"))).isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void rawErrorsCarryTheServicesHeadersAndFields() throws Exception {
    client(dir.resolve("state"), Duration.ZERO);
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> badJson = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/2015-03-31/functions"))
        .POST(HttpRequest.BodyPublishers.ofString("{not json")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(badJson.statusCode()).isEqualTo(400);
    assertThat(badJson.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidRequestContentException");
    assertThat(badJson.headers().firstValue("x-amzn-RequestId")).isPresent();
    assertThat(badJson.body()).startsWith("{\"Type\":\"User\",\"message\":\"Could not parse request body into json")
        .doesNotContain("at com.").doesNotContain("Exception:");

    HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/2015-03-31/functions/nope"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).startsWith("{\"Type\":\"User\",\"Message\":\"Function not found");

    HttpResponse<String> unimplemented = http.send(HttpRequest.newBuilder(
            URI.create(endpoint + "/2019-09-25/functions/nope/event-invoke-config"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(unimplemented.statusCode()).isEqualTo(501);
    assertThat(unimplemented.headers().firstValue("x-amzn-ErrorType")).hasValue("NotImplementedException");
    assertThat(unimplemented.body()).contains("GetFunctionEventInvokeConfig is not implemented");
    assertThat(unimplemented.headers().firstValue("x-amzn-RequestId")).isPresent();

    String create = "{\"FunctionName\":\"raw\",\"Runtime\":\"provided.al2023\",\"Handler\":\"handler.run\","
        + "\"Role\":\"" + ROLE + "\",\"Code\":{\"ZipFile\":\"" + Base64.getEncoder().encodeToString(functionZip("raw").asByteArray())
        + "\"}}";
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/2015-03-31/functions"))
        .POST(HttpRequest.BodyPublishers.ofString(create)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).contains("\"State\":\"Pending\"", "\"Architectures\":[\"x86_64\"]");
    HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/2015-03-31/functions/raw"))
        .DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(deleted.statusCode()).isEqualTo(204);

    HttpResponse<String> fromAPage = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/2015-03-31/functions/"))
        .header("Origin", "http://page.localhost:8080").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(fromAPage.statusCode()).as("a browser page's request is refused (CallerCheck)").isEqualTo(403);
    assertThat(fromAPage.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");
    assertThat(fromAPage.headers().firstValue("x-amzn-RequestId")).isPresent();

    HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/2015-03-31/functions/"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("x-amzn-RequestId")).isPresent();
    assertThat(ok.body()).isEqualTo("{\"Functions\":[]}");
  }
}
