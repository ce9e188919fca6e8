package io.github.shelllambda.runtime.bench;

import io.github.shelllambda.runtime.function.FunctionConfiguration;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.bootstrap.BundledBootstrap;
import io.github.shelllambda.runtime.frontdoor.FrontDoor;
import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.function.InvokeRequest;
import io.github.shelllambda.runtime.Await;
import io.github.shelllambda.runtime.LocalFunction;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded runtime's own overhead per invocation: Invoke API request in -> response out, minus
 * the handler's time (the REPORT Duration: runtime's /next delivery to its response), with a
 * trivial handler and the real bootstrap. Not a test: runs only with -Dshell-lambda.bench=true
 * (scripts/bench-runtime.sh); prints a Markdown table.
 */
class RuntimeOverheadBenchmark {
  private static final Pattern REPORT = Pattern.compile("REPORT RequestId: (\\S+)\tDuration: ([0-9.]+) ms");

  @TempDir Path dir;

  @Test
  void overhead() throws Exception {
    assumeTrue(Boolean.getBoolean("shell-lambda.bench"), "benchmark: run with -Dshell-lambda.bench=true");
    int n = Integer.getInteger("shell-lambda.bench.n", 1000);
    Architecture host = Architecture.host().orElseThrow();
    Map<String, Double> durations = new ConcurrentHashMap<>();
    try (LocalFunction fn =
            LocalFunction.builder()
                .functionZip(zip(dir.resolve("f.zip"), "handler.sh", "run() { echo '{\"ok\":true}'; }\n".getBytes(), false))
                .layer(zip(dir.resolve("b.zip"), "bootstrap", BundledBootstrap.bytes(host), true))
                .configuration(FunctionConfiguration.builder("bench").architecture(host).build())
                .maxConcurrency(2)
                .logSink(
                    line -> {
                      Matcher m = REPORT.matcher(line);
                      if (m.find()) {
                        durations.put(m.group(1), Double.parseDouble(m.group(2)));
                      }
                    })
                .start();
        FrontDoor door = FrontDoor.start(0, fn)) {
      URI uri = URI.create(door.invokeUrl("bench"));
      byte[] payload = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);

      // warm-up: JIT, a warm environment
      RawClient client = new RawClient(uri);
      for (int i = 0; i < 300; i++) {
        client.invoke(payload);
      }
      double[] overheadHttp = new double[n];
      double[] rtt = new double[n];
      double[] dur = new double[n];
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        String id = client.invoke(payload);
        long t1 = System.nanoTime();
        rtt[i] = (t1 - t0) / 1e6;
        dur[i] = waitFor(durations, id);
        overheadHttp[i] = rtt[i] - dur[i];
      }
      double[] overheadApi = new double[n];
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        Invocation inv = fn.invoke(InvokeRequest.of(payload));
        long t1 = System.nanoTime();
        overheadApi[i] = (t1 - t0) / 1e6 - inv.report().durationMs();
      }

      // throughput: 2 concurrent clients, each its own connection
      int perClient = n / 2;
      List<Thread> threads = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int c = 0; c < 2; c++) {
        Thread t =
            new Thread(
                () -> {
                  try (RawClient own = new RawClient(uri)) {
                    for (int i = 0; i < perClient; i++) {
                      own.invoke(payload);
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      client.close();

      System.out.println();
      System.out.println("| measure (n=" + n + ", trivial bash handler, real bootstrap) | median | p99 |");
      System.out.println("|---|---|---|");
      row("runtime overhead via the Invoke API (HTTP round trip - REPORT Duration)", overheadHttp);
      row("runtime overhead via the Java API (invoke() - REPORT Duration)", overheadApi);
      row("HTTP round trip (client)", rtt);
      row("REPORT Duration (bootstrap + fork of the initialised shell + handler)", dur);
      System.out.printf(
          Locale.ROOT, "%nthroughput, 2 concurrent clients over the Invoke API: %.0f invocations/s (%d in %.2f s, %d environments)%n",
          2 * perClient / secs, 2 * perClient, secs, fn.environmentCount());
    }
  }

  private static void row(String what, double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    System.out.printf(
        Locale.ROOT, "| %s | %.3f ms | %.3f ms |%n", what, s[s.length / 2], s[(int) Math.ceil(s.length * 0.99) - 1]);
  }

  /**
   * A minimal blocking HTTP/1.1 client on one keep-alive socket, so the figures are the runtime's
   * overhead rather than java.net.http's (which adds its own selector hand-offs).
   */
  static final class RawClient implements AutoCloseable {
    private final java.net.Socket socket;
    private final java.io.InputStream in;
    private final OutputStream out;
    private final byte[] head;

    RawClient(URI uri) throws Exception {
      socket = new java.net.Socket(uri.getHost(), uri.getPort());
      socket.setTcpNoDelay(true);
      in = new java.io.BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
      head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
              + "\r\nContent-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.ISO_8859_1);
    }

    String invoke(byte[] payload) throws Exception {
      java.io.ByteArrayOutputStream req = new java.io.ByteArrayOutputStream();
      req.write(head);
      req.write((payload.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      req.write(payload);
      out.write(req.toByteArray());
      out.flush();
      String status = line();
      String id = null;
      int length = 0;
      boolean error = false;
      for (String l = line(); !l.isEmpty(); l = line()) {
        String lower = l.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(l.substring(15).trim());
        } else if (lower.startsWith("x-amzn-requestid:")) {
          id = l.substring(17).trim();
        } else if (lower.startsWith("x-amz-function-error:")) {
          error = true;
        }
      }
      byte[] body = in.readNBytes(length);
      if (!status.startsWith("HTTP/1.1 200") || error) {
        throw new IllegalStateException("invoke failed: " + status + " " + new String(body, StandardCharsets.UTF_8));
      }
      return id;
    }

    private String line() throws Exception {
      StringBuilder sb = new StringBuilder();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new java.io.EOFException();
        }
        if (b != '\r') {
          sb.append((char) b);
        }
      }
      return sb.toString();
    }

    @Override
    public void close() throws Exception {
      socket.close();
    }
  }

  private static double waitFor(Map<String, Double> durations, String id) {
    // the REPORT line is emitted before the response is written: it is there already
    Await.until("the REPORT line of request " + id, () -> durations.containsKey(id));
    return durations.remove(id);
  }

  private static Path zip(Path zip, String name, byte[] content, boolean exec) throws Exception {
    try (OutputStream out = Files.newOutputStream(zip);
        ZipArchiveOutputStream z = new ZipArchiveOutputStream(out)) {
      ZipArchiveEntry e = new ZipArchiveEntry(name);
      e.setUnixMode(0100000 | (exec ? 0755 : 0644));
      z.putArchiveEntry(e);
      z.write(content);
      z.closeArchiveEntry();
    }
    return zip;
  }
}
