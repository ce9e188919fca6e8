package io.github.shelllambda.runtime.bootstrap;

import io.github.shelllambda.runtime.bootstrap.RuntimeApiTestServer.Framing;
import io.github.shelllambda.runtime.bootstrap.RuntimeApiTestServer.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Measures the native bootstrap against a reference bash+curl bootstrap written after the AWS
 * custom-runtime tutorial (fixed to carry large bodies: event to a file, response posted with
 * {@code --data-binary @file}), on the same machine in the same run, against the loopback
 * {@link RuntimeApiTestServer}. Not a test: run it with {@code scripts/bench-bootstrap.sh}.
 *
 * <p>Arguments: {@code <bootstrap binary> [warm invocations] [reference warm invocations]}; a
 * reference count of 0 measures the bootstrap alone (to compare builds of it).
 */
public final class BootstrapBenchmark {

  /** The reference: the tutorial's loop, with the event in a file and the response posted from one. */
  static final String REFERENCE = """
      #!/bin/bash
      set -euo pipefail
      source "$LAMBDA_TASK_ROOT/$(echo "$_HANDLER" | cut -d. -f1).sh"
      while true; do
        HEADERS="$(mktemp)"
        EVENT="$(mktemp)"
        RESPONSE="$(mktemp)"
        curl -sS -LD "$HEADERS" -o "$EVENT" "http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/next"
        REQUEST_ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
        $(echo "$_HANDLER" | cut -d. -f2) < "$EVENT" > "$RESPONSE"
        curl -sS -o /dev/null "http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/$REQUEST_ID/response" \\
          -H 'Content-Type: application/octet-stream' --data-binary @"$RESPONSE"
        rm -f "$HEADERS" "$EVENT" "$RESPONSE"
      done
      """;

  record Row(String what, double ours, double reference, String unit) {}

  public static void main(String[] args) throws Exception {
    Path ours = Path.of(args.length > 0 ? args[0] : "target/classes/META-INF/shell-lambda/bootstrap/linux-x86_64/bootstrap").toAbsolutePath();
    int warm = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int warmRef = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    Path dir = Files.createTempDirectory("bootstrap-bench");
    Path task = Files.createDirectories(dir.resolve("task"));
    Files.writeString(task.resolve("handler.sh"), "run() { cat; }\n");
    Path reference = dir.resolve("reference-bootstrap");
    Files.writeString(reference, REFERENCE);
    Files.setPosixFilePermissions(reference, PosixFilePermissions.fromString("rwxr-xr-x"));

    byte[] small = event(64);
    byte[] mib = event(1 << 20);
    byte[] six = event(6 << 20);
    boolean ref = warmRef > 0;
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("cold start to first response (64 B event)", coldStart(ours, task, small, 9), ref ? coldStart(reference, task, small, 9) : Double.NaN, "ms"));
    rows.add(new Row("warm round trip, 64 B event", roundTrip(ours, task, small, warm), ref ? roundTrip(reference, task, small, warmRef) : Double.NaN, "ms"));
    rows.add(new Row("round trip, 1 MiB event echoed", roundTrip(ours, task, mib, 200), ref ? roundTrip(reference, task, mib, 30) : Double.NaN, "ms"));
    rows.add(new Row("round trip, 6 MiB event echoed", roundTrip(ours, task, six, 30), ref ? roundTrip(reference, task, six, 6) : Double.NaN, "ms"));
    // the same, each event arriving at an idle environment (as at a Function URL under light
    // load): both sides may use the pause, ours to fork ahead, the reference to start its next curl
    rows.add(new Row("round trip, 64 B event, " + GAP_MS + " ms apart", roundTrip(ours, task, small, 60, GAP_MS), ref ? roundTrip(reference, task, small, 20, GAP_MS) : Double.NaN, "ms"));
    rows.add(new Row("round trip, 1 MiB event echoed, " + GAP_MS + " ms apart", roundTrip(ours, task, mib, 60, GAP_MS), ref ? roundTrip(reference, task, mib, 20, GAP_MS) : Double.NaN, "ms"));
    long rss = peakRss(ours, task, small, 200);

    System.out.println();
    System.out.println("| measurement (median) | shell-lambda bootstrap | bash+curl reference | ratio |");
    System.out.println("|---|---:|---:|---:|");
    for (Row r : rows) {
      if (Double.isNaN(r.reference())) {
        System.out.printf("| %s | %.2f %s | | |%n", r.what(), r.ours(), r.unit());
      } else {
        System.out.printf("| %s | %.2f %s | %.2f %s | %.1fx faster |%n", r.what(), r.ours(), r.unit(), r.reference(), r.unit(), r.reference() / r.ours());
      }
    }
    System.out.printf("| bootstrap peak RSS (VmHWM) after 200 64 B invocations | %d KiB | | |%n", rss);
    System.out.printf("| binary size, %s | %d bytes | | |%n", ours.getParent().getFileName(), Files.size(ours));
    Path other = ours.getParent().resolveSibling(ours.getParent().getFileName().toString().equals("linux-x86_64") ? "linux-arm64" : "linux-x86_64").resolve("bootstrap");
    if (Files.exists(other)) {
      System.out.printf("| binary size, %s | %d bytes | | |%n", other.getParent().getFileName(), Files.size(other));
    }
  }

  static byte[] event(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  /** Median ms from process start to the first response received. */
  static double coldStart(Path bootstrap, Path task, byte[] event, int runs) throws Exception {
    double[] t = new double[runs];
    for (int i = 0; i < runs; i++) {
      try (RuntimeApiTestServer server = new RuntimeApiTestServer()) {
        var f = server.invoke(event, Framing.CONTENT_LENGTH);
        long start = System.nanoTime();
        try (Running r = Running.start(bootstrap, server, task)) {
          check(f.get(60, TimeUnit.SECONDS), event);
          t[i] = (System.nanoTime() - start) / 1e6;
        }
      }
    }
    return median(t);
  }

  /**
   * Median ms per invocation over sequential invocations (each queued when the previous one
   * answered), after a warm-up: the median, because other work on a shared machine shows up as
   * outliers.
   */
  static double roundTrip(Path bootstrap, Path task, byte[] event, int n) throws Exception {
    return roundTrip(bootstrap, task, event, n, 0);
  }

  /** Pause between invocations, for the rows where each event finds the environment idle. */
  static final int GAP_MS = 150;

  /** As {@link #roundTrip(Path, Path, byte[], int)}, with {@code gapMs} of quiet before each invocation. */
  static double roundTrip(Path bootstrap, Path task, byte[] event, int n, int gapMs) throws Exception {
    try (RuntimeApiTestServer server = new RuntimeApiTestServer(); Running r = Running.start(bootstrap, server, task)) {
      for (int i = 0; i < 3; i++) {
        check(server.invoke(event, Framing.CONTENT_LENGTH).get(60, TimeUnit.SECONDS), event);
      }
      double[] t = new double[n];
      for (int i = 0; i < n; i++) {
        if (gapMs > 0) {
          Thread.sleep(gapMs);
        }
        long start = System.nanoTime();
        check(server.invoke(event, Framing.CONTENT_LENGTH).get(60, TimeUnit.SECONDS), event);
        t[i] = (System.nanoTime() - start) / 1e6;
      }
      return median(t);
    }
  }

  static long peakRss(Path bootstrap, Path task, byte[] event, int n) throws Exception {
    try (RuntimeApiTestServer server = new RuntimeApiTestServer(); Running r = Running.start(bootstrap, server, task)) {
      for (int i = 0; i < n; i++) {
        check(server.invoke(event, Framing.CONTENT_LENGTH).get(60, TimeUnit.SECONDS), event);
      }
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(r.process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      return -1;
    }
  }

  static void check(Result r, byte[] event) {
    if (!r.kind().equals("response") || !Arrays.equals(r.body(), event)) {
      throw new IllegalStateException("wrong answer: " + r.kind() + " of " + r.body().length + " bytes");
    }
  }

  static double median(double[] t) {
    double[] s = t.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /** A bootstrap process for the benchmark (no log capture: it goes to our stderr). */
  record Running(Process process, RuntimeApiTestServer server) implements AutoCloseable {
    static Running start(Path bootstrap, RuntimeApiTestServer server, Path task) throws IOException {
      ProcessBuilder pb = new ProcessBuilder(bootstrap.toString());
      Map<String, String> env = pb.environment();
      env.put("AWS_LAMBDA_RUNTIME_API", server.address());
      env.put("LAMBDA_TASK_ROOT", task.toString());
      env.put("_HANDLER", "handler.run");
      pb.directory(task.toFile());
      pb.redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      return new Running(pb.start(), server);
    }

    @Override
    public void close() throws InterruptedException {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
