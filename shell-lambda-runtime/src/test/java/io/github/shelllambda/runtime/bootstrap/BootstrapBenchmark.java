package io.github.shelllambda.runtime.bootstrap;

import io.github.shelllambda.runtime.bootstrap.RuntimeApiTestServer.Framing;
import io.github.shelllambda.runtime.bootstrap.RuntimeApiTestServer.Result;
import java.io.IOException;
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
 * reference count of 0 measures the bootstrap alone. {@code --compare <new binary> <old binary>
 * [cold starts] [warm invocations]} compares two builds of the bootstrap instead, in one run:
 * cold start, and warm round trips against the normal test server and against one with Nagle on
 * and head and body in separate segments (the delayed-ACK case).
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
    if (args.length > 0 && args[0].equals("--compare")) {
      compare(Path.of(args[1]).toAbsolutePath(), Path.of(args[2]).toAbsolutePath(),
          args.length > 3 ? Integer.parseInt(args[3]) : 21, args.length > 4 ? Integer.parseInt(args[4]) : 200);
      return;
    }
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
    Path refOrNull = ref ? reference : null;
    rows.add(row("cold start to first response (64 B event)", coldStarts(ours, refOrNull, task, small, 9)));
    rows.add(row("warm round trip, 64 B event", roundTrips(ours, refOrNull, task, small, warm, warmRef, 0)));
    rows.add(row("round trip, 1 MiB event echoed", roundTrips(ours, refOrNull, task, mib, 200, 30, 0)));
    rows.add(row("round trip, 6 MiB event echoed", roundTrips(ours, refOrNull, task, six, 30, 6, 0)));
    // the same, each event arriving at an idle environment (as at a Function URL under light
    // load): both sides may use the pause, ours to fork ahead, the reference to start its next curl
    rows.add(row("round trip, 64 B event, " + GAP_MS + " ms apart", roundTrips(ours, refOrNull, task, small, 60, 20, GAP_MS)));
    rows.add(row("round trip, 1 MiB event echoed, " + GAP_MS + " ms apart", roundTrips(ours, refOrNull, task, mib, 60, 20, GAP_MS)));
    // a server with Nagle on that writes head and body separately: a delayed ACK would stall each
    // invocation ~40 ms (TCP_QUICKACK avoids it); the reference reconnects per call and never waits
    rows.add(row("warm round trip, 64 B event, server with Nagle, head and body in two segments",
        roundTrips(ours, refOrNull, task, small, warm / 2, warmRef, 0, true)));
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

  /** Two builds of the bootstrap, alternating, in one run (see the class comment). */
  static void compare(Path now, Path before, int cold, int warm) throws Exception {
    Path dir = Files.createTempDirectory("bootstrap-bench");
    Path task = Files.createDirectories(dir.resolve("task"));
    Files.writeString(task.resolve("handler.sh"), "run() { cat; }\n");
    byte[] small = event(64);
    List<Row> rows = new ArrayList<>();
    List<Double> nextA = new ArrayList<>();
    List<Double> nextB = new ArrayList<>();
    List<Double> respA = new ArrayList<>();
    List<Double> respB = new ArrayList<>();
    for (int i = 0; i < cold; i++) {
      double[] a = coldStartPhases(now, task, small);
      double[] b = coldStartPhases(before, task, small);
      nextA.add(a[0]);
      respA.add(a[1]);
      nextB.add(b[0]);
      respB.add(b[1]);
    }
    List<Double> floorA = new ArrayList<>();
    List<Double> floorB = new ArrayList<>();
    for (int i = 0; i < cold; i++) {
      floorA.add(spawnToInitError(now, task));
      floorB.add(spawnToInitError(before, task));
    }
    // what no bootstrap can beat here: process spawn from the JVM, the bootstrap's own start, one
    // HTTP request (no _HANDLER: it posts an init error without starting bash)
    rows.add(new Row("floor: spawn to an init error posted without starting bash", median(floorA), median(floorB), "ms"));
    rows.add(new Row("cold start: spawn to first GET /next", median(nextA), median(nextB), "ms"));
    rows.add(new Row("cold start: spawn to first response (64 B event, `cat` handler)", median(respA), median(respB), "ms"));
    rows.add(row("warm round trip, 64 B event", roundTrips(now, before, task, small, warm, warm, 0, false)));
    rows.add(row("warm round trip, 64 B event, server with Nagle, head and body in two segments",
        roundTrips(now, before, task, small, warm, warm, 0, true)));
    int big = Math.max(1, warm / 4);
    rows.add(row("round trip, 1 MiB event echoed (" + big + " of each)", roundTrips(now, before, task, event(1 << 20), big, big, 0, false)));
    int spaced = Math.min(warm, 100);
    rows.add(row("warm round trip, 64 B event, " + GAP_MS + " ms apart (" + spaced + " of each)",
        roundTrips(now, before, task, small, spaced, spaced, GAP_MS, false)));
    System.out.println();
    System.out.println("| measurement (median) | " + now + " | " + before + " | ratio |");
    System.out.println("|---|---:|---:|---:|");
    for (Row r : rows) {
      System.out.printf("| %s | %.2f %s | %.2f %s | %.2fx |%n", r.what(), r.ours(), r.unit(), r.reference(), r.unit(), r.ours() / r.reference());
    }
  }

  static byte[] event(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  static Row row(String what, double[] oursAndReference) {
    return new Row(what, oursAndReference[0], oursAndReference[1], "ms");
  }

  /**
   * Median ms from process start to the first response received, ours and the reference's
   * (NaN without one), alternating one start of each so that whatever else the machine does falls
   * on both alike.
   */
  static double[] coldStarts(Path ours, Path reference, Path task, byte[] event, int runs) throws Exception {
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      a.add(coldStart(ours, task, event));
      if (reference != null) {
        b.add(coldStart(reference, task, event));
      }
    }
    return new double[] {median(a), reference == null ? Double.NaN : median(b)};
  }

  /** ms from process start to the first GET /next, and to the first response. */
  static double[] coldStartPhases(Path bootstrap, Path task, byte[] event) throws Exception {
    try (RuntimeApiTestServer server = new RuntimeApiTestServer()) {
      var f = server.invoke(event, Framing.CONTENT_LENGTH);
      long start = System.nanoTime();
      try (Running r = Running.start(bootstrap, server, task)) {
        check(f.get(60, TimeUnit.SECONDS), event);
        long done = System.nanoTime();
        return new double[] {(server.firstNextNanos() - start) / 1e6, (done - start) / 1e6};
      }
    }
  }

  static double spawnToInitError(Path bootstrap, Path task) throws Exception {
    try (RuntimeApiTestServer server = new RuntimeApiTestServer()) {
      long start = System.nanoTime();
      ProcessBuilder pb = new ProcessBuilder(bootstrap.toString());
      pb.environment().put("AWS_LAMBDA_RUNTIME_API", server.address());
      pb.environment().put("LAMBDA_TASK_ROOT", task.toString());
      pb.environment().remove("_HANDLER");
      pb.redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      Process p = pb.start();
      try {
        server.initError().get(60, TimeUnit.SECONDS);
        return (System.nanoTime() - start) / 1e6;
      } finally {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  static double coldStart(Path bootstrap, Path task, byte[] event) throws Exception {
    try (RuntimeApiTestServer server = new RuntimeApiTestServer()) {
      var f = server.invoke(event, Framing.CONTENT_LENGTH);
      long start = System.nanoTime();
      try (Running r = Running.start(bootstrap, server, task)) {
        check(f.get(60, TimeUnit.SECONDS), event);
        return (System.nanoTime() - start) / 1e6;
      }
    }
  }

  /** Pause between invocations, for the rows where each event finds the environment idle. */
  static final int GAP_MS = 150;

  /**
   * Median ms per invocation of ours ({@code n} invocations) and of the reference ({@code nRef},
   * NaN without one), each kept warm against its own server and measured in up to ten alternating
   * blocks, so that a slow spell of this shared machine falls on both alike. Within a block the
   * invocations are sequential, each queued when the previous one was answered (after one
   * uncounted invocation), or {@code gapMs} after it. Between blocks the side just measured is let
   * come back to {@code GET /next} first.
   * The median, because other work on a shared machine shows up as outliers.
   */
  static double[] roundTrips(Path ours, Path reference, Path task, byte[] event, int n, int nRef, int gapMs)
      throws Exception {
    return roundTrips(ours, reference, task, event, n, nRef, gapMs, false);
  }

  static double[] roundTrips(Path ours, Path reference, Path task, byte[] event, int n, int nRef, int gapMs, boolean nagle)
      throws Exception {
    int blocks = reference == null ? 1 : Math.max(1, Math.min(10, Math.min(n, nRef)));
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    try (Warm x = new Warm(ours, task, event, nagle); Warm y = reference == null ? null : new Warm(reference, task, event, nagle)) {
      for (int k = 0; k < blocks; k++) {
        x.measure(share(n, blocks, k), gapMs, a);
        if (y != null) {
          y.measure(share(nRef, blocks, k), gapMs, b);
        }
      }
    }
    return new double[] {median(a), reference == null ? Double.NaN : median(b)};
  }

  /** Block k's part of n invocations over the given number of blocks. */
  static int share(int n, int blocks, int k) {
    return n / blocks + (k < n % blocks ? 1 : 0);
  }

  /** A bootstrap kept running against its own test server, measured a block at a time. */
  static final class Warm implements AutoCloseable {
    final RuntimeApiTestServer server;
    final Running running;
    final byte[] event;

    Warm(Path bootstrap, Path task, byte[] event, boolean nagle) throws Exception {
      this.server = new RuntimeApiTestServer(nagle);
      this.running = Running.start(bootstrap, server, task);
      this.event = event;
      for (int i = 0; i < 3; i++) {
        check(server.invoke(event, Framing.CONTENT_LENGTH).get(60, TimeUnit.SECONDS), event);
      }
      settle();
    }

    void measure(int n, int gapMs, List<Double> into) throws Exception {
      if (gapMs == 0) {
        // not counted: it finds the bootstrap idle, the ones after it find it just done with
        // the previous invocation, which is what a back-to-back round trip is
        check(server.invoke(event, Framing.CONTENT_LENGTH).get(60, TimeUnit.SECONDS), event);
      }
      for (int i = 0; i < n; i++) {
        if (gapMs > 0) {
          Thread.sleep(gapMs);
        }
        long start = System.nanoTime();
        check(server.invoke(event, Framing.CONTENT_LENGTH).get(60, TimeUnit.SECONDS), event);
        into.add((System.nanoTime() - start) / 1e6);
      }
      settle();
    }

    /** Back in GET /next with nothing to do, and a moment for what it starts after a response. */
    void settle() throws InterruptedException {
      server.awaitIdle();
      Thread.sleep(50);
    }

    @Override
    public void close() throws Exception {
      try (server) {
        running.close();
      }
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

  static double median(List<Double> t) {
    double[] s = t.stream().mapToDouble(Double::doubleValue).sorted().toArray();
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
}
