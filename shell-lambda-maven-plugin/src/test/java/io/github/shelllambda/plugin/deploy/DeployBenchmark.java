package io.github.shelllambda.plugin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The deploy benchmark (BENCHMARKS.md, "Deploy"): a whole deploy (read, plan, writes, result)
 * against the local control plane with its state delay at 0, excluding Maven's start and the
 * packaging: a first deploy, an unchanged deploy, a code change with a 10% canary; with the number
 * of API calls each made (from the plane's request log). Run by {@code scripts/bench-deploy.sh};
 * skipped in the normal build. Timings are printed, never asserted.
 */
@EnabledIfSystemProperty(named = "shell-lambda.bench", matches = "true")
class DeployBenchmark {
  private static final String ROLE = "arn:aws:iam::000000000000:role/fn";
  private static final Architecture ARCH = Architecture.host().orElse(Architecture.X86_64);

  @TempDir Path dir;

  private DesiredState build(String marker, int canary, BuiltZip boot) throws Exception {
    Path src = Files.createDirectories(dir.resolve("src-" + marker));
    Files.writeString(src.resolve("handler.sh"), "run() { printf '{\"statusCode\":200,\"body\":\"" + marker + "\"}'; }\n");
    BuiltZip fn = FunctionZip.build(new FunctionZipRequest(src, dir.resolve("fn-" + marker + ".zip"), "handler.run",
        ARCH, false, Instant.parse("2000-01-01T00:00:00Z"), ShellLambdaProperties.FUNCTION_ZIP_PARAMETERS),
        BuildLog.NONE);
    FunctionConfiguration config = FunctionConfiguration.builder("bench").architecture(ARCH).role(ROLE).build();
    return new DesiredState(config, fn.path(), fn.codeSha256(), fn.size(),
        List.of(new LayerArtifact("shell-lambda-bootstrap-" + ARCH.lambdaName(), boot.path(), boot.codeSha256(),
            boot.size())),
        "live", canary, Optional.of(new FunctionUrlSettings("NONE", null, null)), OptionalInt.empty(), Map.of());
  }

  private record Run(double millis, long calls, int writes) {}

  private static Run deploy(LambdaClient lambda, Path requests, DesiredState want, Path out) throws Exception {
    long before = Files.exists(requests) ? Files.readAllLines(requests).size() : 0;
    long start = System.nanoTime();
    Deployment.Outcome o = Deployment.run(lambda, new Deployment.Request(want, false, out.resolve("plan.json"),
        out.resolve("deploy.json"), OptionalInt.empty()), SmokeTest.NONE, BuildLog.NONE);
    double ms = (System.nanoTime() - start) / 1e6;
    long calls = Files.readAllLines(requests).size() - before;
    return new Run(ms, calls, o.result().orElseThrow().writeCalls());
  }

  @Test
  void deployScenarios() throws Exception {
    int n = Integer.getInteger("shell-lambda.bench.n", 15);
    try (ControlPlane plane = ControlPlane.builder(dir.resolve("state")).stateDelay(Duration.ZERO).open();
        FrontDoor door = FrontDoor.start(0, plane);
        LambdaClient lambda = LambdaClient.builder().endpointOverride(URI.create(door.endpoint()))
            .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "s")))
            .build()) {
      Path requests = dir.resolve("state/requests.log");
      BuiltZip boot = BootstrapLayer.build(ARCH, dir.resolve("boot.zip"), Instant.parse("2000-01-01T00:00:00Z"));
      Run first = deploy(lambda, requests, build("v0", 0, boot), dir);
      // the code changes are built before they are timed: packaging is Maven's, not deploy's
      List<DesiredState> changes = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        changes.add(build("v" + i, 10, boot));
      }
      List<Run> unchanged = new ArrayList<>();
      List<Run> canary = new ArrayList<>();
      DesiredState current = build("v0", 0, boot);
      for (int i = 0; i < n; i++) {
        unchanged.add(deploy(lambda, requests, current, dir));
        current = changes.get(i);
        canary.add(deploy(lambda, requests, current, dir));
      }
      assertThat(unchanged).allMatch(r -> r.writes() == 0);
      System.out.println();
      System.out.println("| scenario (n=" + n + ", state delay 0, x86_64, excluding Maven and packaging) | median | max"
          + " | API calls (writes) |");
      System.out.println("|---|---|---|---|");
      System.out.printf("| first deploy (create: layer, function, version, alias, URL, 2 permissions) | %.0f ms | - | %d (%d) |%n",
          first.millis(), first.calls(), first.writes());
      row("unchanged deploy", unchanged);
      row("code change with a 10% canary", canary);
    }
  }

  private static void row(String name, List<Run> runs) {
    List<Double> ms = new ArrayList<>(runs.stream().map(Run::millis).toList());
    Collections.sort(ms);
    Run r = runs.get(runs.size() - 1);
    System.out.printf("| %s | %.0f ms | %.0f ms | %d (%d) |%n", name, ms.get(ms.size() / 2), ms.get(ms.size() - 1),
        r.calls(), r.writes());
  }
}
