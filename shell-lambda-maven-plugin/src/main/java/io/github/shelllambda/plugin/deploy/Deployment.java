package io.github.shelllambda.plugin.deploy;

import io.github.shelllambda.plugin.packaging.BuildLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;

/**
 * One deploy from start to end: read what is deployed, plan, print and write the plan, stop
 * there on a dry run, else apply it (smoke tests before the alias moves), prune old versions when
 * asked, and write the result. The Mojo only turns parameters into a {@link Request}.
 */
public final class Deployment {
  private Deployment() {}

  /**
   * @param planFile {@code target/shell-lambda-plan.json}
   * @param resultFile {@code target/shell-lambda-deploy.json}
   * @param keepVersions delete versions older than the newest N that no alias uses; empty keeps all
   */
  public record Request(DesiredState desired, boolean dryRun, Path planFile, Path resultFile, OptionalInt keepVersions) {}

  /** What happened: the plan, and the result unless it was a dry run. */
  public record Outcome(DeployPlan plan, Optional<DeployResult> result) {}

  public static Outcome run(LambdaClient lambda, Request request, SmokeTest smoke, BuildLog log)
      throws MissingRoleException, DeployException, IOException {
    DesiredState want = request.desired();
    String name = want.configuration().functionName();
    long start = System.nanoTime();
    DeployedState have = new DeployedStateReader(lambda)
        .read(name, want.alias(), want.ownLayers().stream().map(LayerArtifact::layerName).toList());
    DeployPlan plan = DeployPlanner.plan(want, have);
    DeployPlanWriter.table(plan).forEach(log::info);
    plan.notes().forEach(log::warn);
    DeployPlanWriter.write(plan, request.planFile());
    log.debug("Plan written to " + request.planFile() + " (" + millis(start) + " ms)");
    if (request.dryRun()) {
      log.info("Dry run: nothing was written (" + plan.steps().size() + " write(s) planned)");
      return new Outcome(plan, Optional.empty());
    }
    Deployer deployer = new Deployer(lambda, log);
    DeployResult result = deployer.apply(want, have, plan, smoke);
    if (request.keepVersions().isPresent()) {
      List<String> pruned = prune(lambda, name, request.keepVersions().getAsInt(), log);
      if (!pruned.isEmpty()) {
        List<String> writes = new ArrayList<>(result.writes());
        pruned.forEach(v -> writes.add("DeleteFunction:" + v));
        result = new DeployResult(result.functionArn(), result.version(), result.alias(), result.aliasState(),
            result.routing(), result.functionUrl(), result.codeSha256(), result.layers(), true, writes.size(), writes);
      }
    }
    result.writeTo(request.resultFile());
    if (!result.changed()) {
      log.info("Up to date: " + name + " version " + result.version() + " behind alias " + result.alias()
          + "; no write call made (" + millis(start) + " ms)");
    } else {
      log.info("Deployed " + result.functionArn() + " version " + result.version() + " (" + result.writeCalls()
          + " write calls, " + millis(start) + " ms)");
      log.info("Alias " + result.alias() + ": " + result.routing());
    }
    result.functionUrl().ifPresent(u -> log.info("Function URL: " + u));
    log.info("CodeSha256 " + result.codeSha256() + ", " + want.codeSize() + " bytes; layers " + result.layers());
    return new Outcome(plan, Optional.of(result));
  }

  /** Deletes versions older than the newest {@code keep} that no alias routes to; returns them. */
  static List<String> prune(LambdaClient lambda, String name, int keep, BuildLog log) {
    Set<String> used = new HashSet<>();
    for (AliasConfiguration a : lambda.listAliasesPaginator(r -> r.functionName(name)).aliases()) {
      used.add(a.functionVersion());
      if (a.routingConfig() != null && a.routingConfig().additionalVersionWeights() != null) {
        used.addAll(a.routingConfig().additionalVersionWeights().keySet());
      }
    }
    List<Long> versions = new ArrayList<>();
    for (var v : lambda.listVersionsByFunctionPaginator(r -> r.functionName(name)).versions()) {
      if (!v.version().equals("$LATEST")) {
        versions.add(Long.parseLong(v.version()));
      }
    }
    versions.sort(null);
    List<String> deleted = new ArrayList<>();
    for (int i = 0; i < versions.size() - keep; i++) {
      String v = Long.toString(versions.get(i));
      if (!used.contains(v)) {
        lambda.deleteFunction(r -> r.functionName(name).qualifier(v));
        log.info("Deleted version " + v + " (keepVersions " + keep + ")");
        deleted.add(v);
      }
    }
    return deleted;
  }

  private static long millis(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }
}
