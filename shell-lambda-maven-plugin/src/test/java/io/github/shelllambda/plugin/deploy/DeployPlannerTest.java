package io.github.shelllambda.plugin.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.shelllambda.plugin.deploy.DeployPlan.Kind;
import io.github.shelllambda.plugin.deploy.DeployPlan.Step;
import io.github.shelllambda.plugin.deploy.DeployedState.DeployedCode;
import io.github.shelllambda.plugin.deploy.DeployedState.LayerVersion;
import io.github.shelllambda.plugin.deploy.DeployedState.PublishedVersion;
import io.github.shelllambda.plugin.deploy.DeployedState.UrlStatement;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DeployPlannerTest {
  private static final String ROLE = "arn:aws:iam::123456789012:role/fn-role";
  private static final String BOOT_ARN = "arn:aws:lambda:us-east-1:123456789012:layer:shell-lambda-bootstrap-arm64:4";
  private static final FunctionUrlSettings PUBLIC_URL = new FunctionUrlSettings("NONE", null, null);

  private static FunctionConfiguration config(String handler, Map<String, String> env) {
    return FunctionConfiguration.builder("traffic").handler(handler).role(ROLE).environment(env).timeoutSeconds(10).build();
  }

  private static DesiredState want(FunctionConfiguration c, String codeSha, String bootSha, int canary) {
    return new DesiredState(c, Path.of("target/traffic.zip"), codeSha, 2477,
        List.of(new LayerArtifact("shell-lambda-bootstrap-arm64", Path.of("target/b.zip"), bootSha, 28410)),
        "live", canary, Optional.of(PUBLIC_URL), OptionalInt.empty(), Map.of("app", "traffic"));
  }

  /** What the service holds after a deploy of {@code c} with code {@code sha} as version {@code v}. */
  private static DeployedState deployed(FunctionConfiguration c, String sha, String v, AliasState alias) {
    FunctionConfiguration withLayers = c.toBuilder().layers(List.of(BOOT_ARN)).build();
    return new DeployedState(
        Optional.of(new DeployedCode(withLayers, sha, "rev-1")),
        Optional.of(new PublishedVersion(v, sha, withLayers)),
        Map.of("shell-lambda-bootstrap-arm64", new LayerVersion(BOOT_ARN, 4, "BOOT")),
        Optional.of(alias), Optional.of(PUBLIC_URL), EnumSet.allOf(UrlStatement.class), OptionalInt.empty(),
        Map.of("app", "traffic"));
  }

  private static AliasState serving(String v) {
    return new AliasState("live", v, Optional.empty(), 0, Optional.empty());
  }

  private static List<Kind> kinds(DeployPlan p) {
    return p.steps().stream().map(Step::kind).toList();
  }

  @Test
  void aFirstDeployCreatesEverythingInOrderWithBothUrlStatements() throws Exception {
    DeployPlan p = DeployPlanner.plan(want(config("handler.run", Map.of()), "CODE", "BOOT", 0), DeployedState.none());
    assertThat(kinds(p)).containsExactly(Kind.PUBLISH_LAYER_VERSION, Kind.CREATE_FUNCTION, Kind.PUBLISH_VERSION,
        Kind.CREATE_ALIAS, Kind.CREATE_FUNCTION_URL_CONFIG, Kind.ADD_PERMISSION, Kind.ADD_PERMISSION);
    assertThat(p.steps()).contains(new Step(Kind.ADD_PERMISSION, "INVOKE_FUNCTION_URL"),
        new Step(Kind.ADD_PERMISSION, "INVOKE_FUNCTION_VIA_URL"));
    assertThat(p.version()).isEqualTo(DeployPlan.NEW_VERSION);
    assertThat(p.notes()).anyMatch(n -> n.contains("auth type is NONE"));
  }

  @Test
  void aFirstDeployWithoutARoleIsRefused() {
    FunctionConfiguration noRole = FunctionConfiguration.builder("traffic").build();
    assertThatThrownBy(() -> DeployPlanner.plan(want(noRole, "CODE", "BOOT", 0), DeployedState.none()))
        .isInstanceOf(MissingRoleException.class).hasMessageContaining("traffic").hasMessageContaining("role");
  }

  @Test
  void nothingChangedPlansNoWriteAndReusesTheVersion() throws Exception {
    FunctionConfiguration c = config("handler.run", Map.of("TABLE", "t"));
    DeployPlan p = DeployPlanner.plan(want(c, "CODE", "BOOT", 0), deployed(c, "CODE", "3", serving("3")));
    assertThat(p.changed()).isFalse();
    assertThat(p.changes()).isEmpty();
    assertThat(p.version()).isEqualTo("3");
  }

  @Test
  void aCodeOnlyChangeUpdatesCodePublishesAndMovesTheAlias() throws Exception {
    FunctionConfiguration c = config("handler.run", Map.of());
    DeployPlan p = DeployPlanner.plan(want(c, "CODE2", "BOOT", 0), deployed(c, "CODE1", "3", serving("3")));
    assertThat(kinds(p)).containsExactly(Kind.UPDATE_FUNCTION_CODE, Kind.PUBLISH_VERSION, Kind.UPDATE_ALIAS);
    assertThat(p.aliasAfter().orElseThrow().previousVersion()).contains("3");
  }

  @Test
  void eachConfigurationFieldThatDiffersIsAChangeRowAndOneUpdate() throws Exception {
    FunctionConfiguration c = config("handler.run", Map.of());
    FunctionConfiguration changed = c.toBuilder().handler("other.run").memorySizeMb(256).timeoutSeconds(30)
        .description("new").build();
    DeployPlan p = DeployPlanner.plan(want(changed, "CODE", "BOOT", 0), deployed(c, "CODE", "3", serving("3")));
    assertThat(kinds(p)).containsExactly(Kind.UPDATE_FUNCTION_CONFIGURATION, Kind.PUBLISH_VERSION, Kind.UPDATE_ALIAS);
    assertThat(p.changes()).extracting(DeployPlan.Change::field)
        .containsExactly("Handler", "MemorySize", "Timeout", "Description", "alias live");
    assertThat(p.changes()).contains(new DeployPlan.Change("MemorySize", "128 MB", "256 MB"));
  }

  @Test
  void environmentValuesNeverAppearInThePlan() throws Exception {
    FunctionConfiguration c = config("handler.run", Map.of("TOKEN", "old-secret"));
    FunctionConfiguration c2 = config("handler.run", Map.of("TOKEN", "new-secret"));
    DeployPlan p = DeployPlanner.plan(want(c2, "CODE", "BOOT", 0), deployed(c, "CODE", "3", serving("3")));
    assertThat(p.changes().toString()).contains("TOKEN").doesNotContain("secret");
    assertThat(p.has(Kind.UPDATE_FUNCTION_CONFIGURATION)).isTrue();
  }

  @Test
  void anUnchangedLayerIsReusedAndAChangedOnePublishedWithTheConfiguration() throws Exception {
    FunctionConfiguration c = config("handler.run", Map.of());
    DeployPlan same = DeployPlanner.plan(want(c, "CODE", "BOOT", 0), deployed(c, "CODE", "3", serving("3")));
    assertThat(same.has(Kind.PUBLISH_LAYER_VERSION)).isFalse();
    DeployPlan changed = DeployPlanner.plan(want(c, "CODE", "BOOT2", 0), deployed(c, "CODE", "3", serving("3")));
    assertThat(kinds(changed)).containsExactly(Kind.PUBLISH_LAYER_VERSION, Kind.UPDATE_FUNCTION_CONFIGURATION,
        Kind.PUBLISH_VERSION, Kind.UPDATE_ALIAS);
  }

  @Test
  void aCanaryKeepsThePrimaryAndGivesTheNewVersionItsShare() throws Exception {
    FunctionConfiguration c = config("handler.run", Map.of());
    DeployPlan p = DeployPlanner.plan(want(c, "CODE2", "BOOT", 10), deployed(c, "CODE1", "3", serving("3")));
    AliasState after = p.aliasAfter().orElseThrow();
    assertThat(after.primaryVersion()).isEqualTo("3");
    assertThat(after.canaryVersion()).contains(DeployPlan.NEW_VERSION);
    assertThat(after.canaryWeight()).isEqualTo(0.1);
    assertThat(after.routing()).isEqualTo("3 (90%) + (new) (10%)");
    assertThat(AliasState.weightOf(1)).isEqualTo(0.01);
    assertThat(AliasState.weightOf(99)).isEqualTo(0.99);
    assertThatThrownBy(() -> AliasState.weightOf(100)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AliasState.weightOf(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCanaryOnANewAliasStartsWithAllTrafficOnTheNewVersionAndSaysSo() throws Exception {
    DeployPlan p = DeployPlanner.plan(want(config("handler.run", Map.of()), "CODE", "BOOT", 10), DeployedState.none());
    assertThat(p.aliasAfter().orElseThrow().canaryVersion()).isEmpty();
    assertThat(p.notes()).anyMatch(n -> n.contains("does not exist yet"));
  }

  @Test
  void aMissingUrlStatementIsAddedAlone() throws Exception {
    FunctionConfiguration c = config("handler.run", Map.of());
    DeployedState d = deployed(c, "CODE", "3", serving("3"));
    DeployedState oneMissing = new DeployedState(d.function(), d.latestVersion(), d.latestLayers(), d.alias(), d.url(),
        EnumSet.of(UrlStatement.INVOKE_FUNCTION_URL), d.reservedConcurrency(), d.tags());
    DeployPlan p = DeployPlanner.plan(want(c, "CODE", "BOOT", 0), oneMissing);
    assertThat(p.steps()).containsExactly(new Step(Kind.ADD_PERMISSION, "INVOKE_FUNCTION_VIA_URL"));
  }

  @Test
  void rollbackDropsACanaryOrGoesBackToTheRecordedVersion() throws Exception {
    AliasState canary = new AliasState("live", "3", Optional.of("4"), 0.1, Optional.of("2"));
    assertThat(AliasMoves.rollback(canary).routing()).isEqualTo("3");
    AliasState moved = new AliasState("live", "4", Optional.empty(), 0, AliasState.previousFrom(AliasState.description("3")));
    assertThat(AliasMoves.rollback(moved).primaryVersion()).isEqualTo("3");
    assertThatThrownBy(() -> AliasMoves.rollback(serving("1"))).isInstanceOf(AliasMoves.NoMoveException.class)
        .hasMessageContaining("no earlier version");
  }

  @Test
  void promoteMakesTheCanaryThePrimaryAndRemembersTheOldOne() throws Exception {
    AliasState canary = new AliasState("live", "3", Optional.of("4"), 0.1, Optional.empty());
    AliasState promoted = AliasMoves.promote(canary);
    assertThat(promoted.routing()).isEqualTo("4");
    assertThat(promoted.previousVersion()).contains("3");
    assertThatThrownBy(() -> AliasMoves.promote(serving("3"))).isInstanceOf(AliasMoves.NoMoveException.class);
  }
}
