package io.github.shelllambda.plugin.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.shelllambda.plugin.ShellLambdaProperties;
import io.github.shelllambda.plugin.layers.BootstrapLayer;
import io.github.shelllambda.plugin.packaging.BuildLog;
import io.github.shelllambda.plugin.packaging.BuiltZip;
import io.github.shelllambda.plugin.packaging.FunctionZip;
import io.github.shelllambda.plugin.packaging.FunctionZipRequest;
import io.github.shelllambda.runtime.controlplane.ControlPlane;
import io.github.shelllambda.runtime.frontdoor.FrontDoor;
import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import java.net.URI;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The deploy core end to end against the local control plane on loopback, through the real AWS
 * SDK: real zips, real versions and aliases, a real Function URL answering over HTTP.
 */
class DeployerTest {
  private static final String ROLE = "arn:aws:iam::000000000000:role/fn";
  private static final Architecture ARCH = Architecture.host().orElse(Architecture.X86_64);

  @TempDir Path dir;
  private ControlPlane plane;
  private FrontDoor door;
  private LambdaClient lambda;

  @BeforeEach
  void start() throws Exception {
    plane = ControlPlane.builder(dir.resolve("state")).stateDelay(Duration.ZERO).open();
    door = FrontDoor.start(0, plane);
    lambda = LambdaClient.builder().endpointOverride(URI.create(door.endpoint())).region(Region.US_EAST_1)
        .httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "secret")))
        .build();
  }

  @AfterEach
  void stop() {
    lambda.close();
    door.close();
    plane.close();
  }

  private DesiredState build(String marker, int canary, String role) throws Exception {
    Path src = dir.resolve("src-" + marker);
    Files.createDirectories(src);
    Files.writeString(src.resolve("handler.sh"),
        "run() { printf '{\"statusCode\":200,\"body\":\"" + marker + "\"}'; }\n");
    BuiltZip fn = FunctionZip.build(new FunctionZipRequest(src, dir.resolve("fn-" + marker + ".zip"), "handler.run",
        ARCH, false, Instant.parse("2000-01-01T00:00:00Z"), ShellLambdaProperties.FUNCTION_ZIP_PARAMETERS), BuildLog.NONE);
    BuiltZip boot = BootstrapLayer.build(ARCH, dir.resolve("boot.zip"), Instant.parse("2000-01-01T00:00:00Z"));
    FunctionConfiguration config = FunctionConfiguration.builder("traffic").architecture(ARCH).role(role).build();
    return new DesiredState(config, fn.path(), fn.codeSha256(), fn.size(),
        List.of(new LayerArtifact("shell-lambda-bootstrap-" + ARCH.lambdaName(), boot.path(), boot.codeSha256(), boot.size())),
        "live", canary, Optional.of(new FunctionUrlSettings("NONE", null, null)), OptionalInt.empty(),
        Map.of("app", "traffic"));
  }

  private DeployResult deploy(DesiredState want) throws Exception {
    DeployedState have = new DeployedStateReader(lambda)
        .read("traffic", "live", want.ownLayers().stream().map(LayerArtifact::layerName).toList());
    DeployPlan plan = DeployPlanner.plan(want, have);
    return new Deployer(lambda, BuildLog.NONE).apply(want, have, plan, SmokeTest.NONE);
  }

  /** A GET of a Function URL: to 127.0.0.1 with the URL's host name (the JDK does not resolve *.localhost). */
  private static Answer get(String url) throws Exception {
    URI u = URI.create(url);
    try (Socket s = new Socket("127.0.0.1", u.getPort())) {
      s.setSoTimeout(30_000);
      s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(all.substring(9, 12));
      String body = all.substring(all.indexOf("\r\n\r\n") + 4);
      if (all.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
        body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("\r\n0\r\n"));
      }
      return new Answer(status, body);
    }
  }

  private record Answer(int statusCode, String body) {}

  @Test
  void firstDeployThenUnchangedThenCanaryThenPromoteAndRollback() throws Exception {
    DeployResult first = deploy(build("v1", 0, ROLE));
    assertThat(first.version()).isEqualTo("1");
    assertThat(first.routing()).isEqualTo("1");
    assertThat(first.writes()).containsExactly("PublishLayerVersion", "CreateFunction", "PublishVersion", "CreateAlias",
        "CreateFunctionUrlConfig", "AddPermission", "AddPermission");
    assertThat(first.functionUrl()).isPresent();
    Answer answer = get(first.functionUrl().get());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("v1");

    DeployResult again = deploy(build("v1", 0, ROLE));
    assertThat(again.changed()).isFalse();
    assertThat(again.writeCalls()).isZero();
    assertThat(again.version()).isEqualTo("1");

    DeployResult canary = deploy(build("v2", 10, null));
    assertThat(canary.writes()).containsExactly("UpdateFunctionCode", "PublishVersion", "UpdateAlias");
    assertThat(canary.version()).isEqualTo("2");
    var alias = lambda.getAlias(r -> r.functionName("traffic").name("live"));
    assertThat(alias.functionVersion()).isEqualTo("1");
    assertThat(alias.routingConfig().additionalVersionWeights()).containsEntry("2", 0.1);

    Deployer mover = new Deployer(lambda, BuildLog.NONE);
    AliasState promoted = AliasMoves.promote(DeployedStateReader.aliasOf(alias));
    mover.moveAlias("traffic", promoted, false);
    var afterPromote = lambda.getAlias(r -> r.functionName("traffic").name("live"));
    assertThat(afterPromote.functionVersion()).isEqualTo("2");
    assertThat(afterPromote.routingConfig() == null || afterPromote.routingConfig().additionalVersionWeights().isEmpty())
        .isTrue();
    assertThat(get(first.functionUrl().get()).body()).isEqualTo("v2");

    AliasState back = AliasMoves.rollback(DeployedStateReader.aliasOf(afterPromote));
    mover.moveAlias("traffic", back, false);
    assertThat(lambda.getAlias(r -> r.functionName("traffic").name("live")).functionVersion()).isEqualTo("1");
    assertThat(get(first.functionUrl().get()).body()).isEqualTo("v1");
  }

  @Test
  void aFailingSmokeTestLeavesTheAliasWhereItWas() throws Exception {
    deploy(build("v1", 0, ROLE));
    DesiredState v2 = build("v2", 0, null);
    DeployedState have = new DeployedStateReader(lambda).read("traffic", "live",
        v2.ownLayers().stream().map(LayerArtifact::layerName).toList());
    DeployPlan plan = DeployPlanner.plan(v2, have);
    SmokeTest failing = (client, fn, qualifier) -> {
      String body = client.invoke(r -> r.functionName(fn).qualifier(qualifier)).payload().asUtf8String();
      throw new SmokeTest.SmokeTestFailedException("version " + qualifier + " answered " + body);
    };
    assertThatThrownBy(() -> new Deployer(lambda, BuildLog.NONE).apply(v2, have, plan, failing))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("smoke test failed on version 2")
        .hasMessageContaining("live traffic still goes to version 1")
        .hasMessageContaining("PublishVersion");
    assertThat(lambda.getAlias(r -> r.functionName("traffic").name("live")).functionVersion()).isEqualTo("1");
  }

  @Test
  void aPolicyWithOnlyOneStatementGetsTheOtherAdded() throws Exception {
    deploy(build("v1", 0, ROLE));
    lambda.removePermission(r -> r.functionName("traffic").qualifier("live").statementId(Deployer.INVOKE_STATEMENT_ID));
    assertThat(get(lambda.getFunctionUrlConfig(r -> r.functionName("traffic").qualifier("live")).functionUrl())
        .statusCode()).as("the URL needs both statements").isEqualTo(403);
    DeployResult fixed = deploy(build("v1", 0, ROLE));
    assertThat(fixed.writes()).containsExactly("AddPermission");
    assertThat(get(fixed.functionUrl().orElseThrow()).statusCode()).isEqualTo(200);
  }

  @Test
  void undeployLeavesNothingAndCanRunTwice() throws Exception {
    DesiredState want = build("v1", 0, ROLE);
    deploy(want);
    List<String> layers = want.ownLayers().stream().map(LayerArtifact::layerName).toList();
    List<String> deleted = new Undeployer(lambda, BuildLog.NONE).undeploy("traffic", layers);
    assertThat(deleted).hasSize(3);
    assertThat(lambda.listFunctions().functions()).isEmpty();
    assertThat(lambda.listLayerVersions(r -> r.layerName(layers.get(0))).layerVersions()).isEmpty();
    assertThat(new Undeployer(lambda, BuildLog.NONE).undeploy("traffic", layers)).isEmpty();
  }
}
