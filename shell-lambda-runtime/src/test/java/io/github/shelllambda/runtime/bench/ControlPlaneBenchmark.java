package io.github.shelllambda.runtime.bench;

import io.github.shelllambda.runtime.LocalLambdaClients;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.shelllambda.runtime.bootstrap.BundledBootstrap;
import io.github.shelllambda.runtime.controlplane.ControlPlane;
import io.github.shelllambda.runtime.frontdoor.FrontDoor;
import io.github.shelllambda.runtime.function.Architecture;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import software.amazon.awssdk.core.SdkBytes;


import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.State;

/**
 * The control plane's costs (BENCHMARKS.md, "Local control plane"): (1) invoking through an alias
 * with routing over a plain $LATEST invoke, the runtime's overhead (round trip minus REPORT
 * Duration) compared in alternating blocks; (2) a deploy-sized sequence with the state delay at 0
 * through the AWS SDK. Not a test: runs only with -Dshell-lambda.bench=true; prints Markdown.
 */
class ControlPlaneBenchmark {
  private static final Pattern REPORT = Pattern.compile("REPORT RequestId: (\\S+)\tDuration: ([0-9.]+) ms");

  @TempDir java.nio.file.Path dir;

  @Test
  void aliasOverheadAndDeploySequence() throws Exception {
    assumeTrue(Boolean.getBoolean("shell-lambda.bench"), "benchmark: run with -Dshell-lambda.bench=true");
    int n = Integer.getInteger("shell-lambda.bench.n", 1000);
    Architecture host = Architecture.host().orElseThrow();
    Map<String, Double> durations = new ConcurrentHashMap<>();
    try (ControlPlane plane = ControlPlane.builder(dir.resolve("state")).stateDelay(Duration.ZERO)
            .logSink(line -> {
              Matcher m = REPORT.matcher(line);
              if (m.find()) {
                durations.put(m.group(1), Double.parseDouble(m.group(2)));
              }
            }).open();
        FrontDoor door = FrontDoor.start(0, plane);
        LambdaClient lambda = LocalLambdaClients.sync(door.endpoint())) {
      SdkBytes fn = zip("handler.sh", "run() { echo '{\"ok\":true}'; }\n".getBytes(StandardCharsets.UTF_8), false);
      SdkBytes bootstrap = zip("bootstrap", BundledBootstrap.bytes(host), true);

      // (2) deploy-sized sequence, state delay 0: what shell-lambda:deploy will do on a first deploy
      int runs = 20;
      double[] deploy = new double[runs];
      for (int i = 0; i < runs; i++) {
        String name = "deploy" + i;
        long t0 = System.nanoTime();
        String layer = lambda.publishLayerVersion(b -> b.layerName("bootstrap").content(c -> c.zipFile(bootstrap)))
            .layerVersionArn();
        lambda.createFunction(b -> b.functionName(name).runtime("provided.al2023").handler("handler.run")
            .role("arn:aws:iam::000000000000:role/r").architecturesWithStrings(host.lambdaName()).layers(layer)
            .code(c -> c.zipFile(fn)));
        while (lambda.getFunction(b -> b.functionName(name)).configuration().state() != State.ACTIVE) {
          Thread.onSpinWait();
        }
        String v = lambda.publishVersion(b -> b.functionName(name)).version();
        lambda.createAlias(b -> b.functionName(name).name("live").functionVersion(v));
        lambda.createFunctionUrlConfig(b -> b.functionName(name).qualifier("live").authType(FunctionUrlAuthType.NONE));
        lambda.addPermission(b -> b.functionName(name).qualifier("live").statementId("url")
            .action("lambda:InvokeFunctionUrl").principal("*").functionUrlAuthType(FunctionUrlAuthType.NONE));
        lambda.addPermission(b -> b.functionName(name).qualifier("live").statementId("invoke")
            .action("lambda:InvokeFunction").principal("*").invokedViaFunctionUrl(true));
        deploy[i] = (System.nanoTime() - t0) / 1e6;
      }

      // (1) $LATEST against an alias routing 90/10 over two versions of the same code
      SdkBytes bundled = zip2(fn, bootstrap);
      lambda.createFunction(b -> b.functionName("bench").runtime("provided.al2023").handler("handler.run")
          .role("arn:aws:iam::000000000000:role/r").architecturesWithStrings(host.lambdaName())
          .code(c -> c.zipFile(bundled)));
      lambda.publishVersion(b -> b.functionName("bench"));
      lambda.updateFunctionConfiguration(b -> b.functionName("bench").description("two"));
      lambda.publishVersion(b -> b.functionName("bench"));
      lambda.createAlias(b -> b.functionName("bench").name("live").functionVersion("1")
          .routingConfig(r -> r.additionalVersionWeights(Map.of("2", 0.1))));
      byte[] payload = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);
      String base = door.endpoint() + "/2015-03-31/functions/";
      try (RuntimeOverheadBenchmark.RawClient latest = new RuntimeOverheadBenchmark.RawClient(URI.create(base + "bench/invocations"));
          RuntimeOverheadBenchmark.RawClient alias =
              new RuntimeOverheadBenchmark.RawClient(URI.create(base + "bench:live/invocations"))) {
        for (int i = 0; i < 300; i++) {
          latest.invoke(payload);
          alias.invoke(payload);
        }
        durations.clear();
        double[] overLatest = new double[n];
        double[] overAlias = new double[n];
        int block = 50;
        for (int i = 0; i < n; i += block) { // alternating blocks: the machine's slow spells fall on both
          for (int j = i; j < Math.min(n, i + block); j++) {
            overLatest[j] = overhead(latest, payload, durations);
          }
          for (int j = i; j < Math.min(n, i + block); j++) {
            overAlias[j] = overhead(alias, payload, durations);
          }
        }
        System.out.println();
        System.out.println("| measure (n=" + n + ", trivial bash handler, bundled bootstrap) | median | p99 |");
        System.out.println("|---|---|---|");
        row("overhead, $LATEST (round trip - REPORT Duration)", overLatest);
        row("overhead, alias with routing 90/10 (round trip - REPORT Duration)", overAlias);
        System.out.printf(Locale.ROOT, "| alias over $LATEST (difference of the medians) | %.3f ms | |%n",
            median(overAlias) - median(overLatest));
        row("deploy-sized sequence, state delay 0 (" + runs + " runs: layer, create, wait Active, publish, alias,"
            + " URL config, 2 permissions)", deploy);
      }
    }
  }

  private static double overhead(RuntimeOverheadBenchmark.RawClient c, byte[] payload, Map<String, Double> durations)
      throws Exception {
    long t0 = System.nanoTime();
    String id = c.invoke(payload);
    double rtt = (System.nanoTime() - t0) / 1e6;
    Double d = durations.remove(id);
    while (d == null) {
      Thread.sleep(1);
      d = durations.remove(id);
    }
    return rtt - d;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static void row(String what, double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    System.out.printf(Locale.ROOT, "| %s | %.3f ms | %.3f ms |%n", what, s[s.length / 2],
        s[(int) Math.ceil(s.length * 0.99) - 1]);
  }

  private static SdkBytes zip(String name, byte[] content, boolean exec) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(bytes)) {
      ZipArchiveEntry e = new ZipArchiveEntry(name);
      e.setUnixMode(0100000 | (exec ? 0755 : 0644));
      z.putArchiveEntry(e);
      z.write(content);
      z.closeArchiveEntry();
    }
    return SdkBytes.fromByteArray(bytes.toByteArray());
  }

  /** handler.sh and bootstrap in one function zip (the bundled bootstrap). */
  private static SdkBytes zip2(SdkBytes handlerZip, SdkBytes bootstrapZip) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(bytes)) {
      for (SdkBytes src : new SdkBytes[] {handlerZip, bootstrapZip}) {
        try (org.apache.commons.compress.archivers.zip.ZipArchiveInputStream in =
            new org.apache.commons.compress.archivers.zip.ZipArchiveInputStream(src.asInputStream())) {
          for (ZipArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
            ZipArchiveEntry copy = new ZipArchiveEntry(e.getName());
            copy.setUnixMode(e.getName().equals("bootstrap") ? 0100755 : 0100644);
            z.putArchiveEntry(copy);
            in.transferTo(z);
            z.closeArchiveEntry();
          }
        }
      }
    }
    return SdkBytes.fromByteArray(bytes.toByteArray());
  }
}
