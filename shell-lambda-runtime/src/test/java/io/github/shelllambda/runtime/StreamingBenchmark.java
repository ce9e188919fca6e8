package io.github.shelllambda.runtime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.shelllambda.runtime.frontdoor.FrontDoor;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time to first byte through the local Function URL (BENCHMARKS.md, "Response streaming"): the
 * same handler (a line, one second of work, a line) behind a streaming function and a buffered
 * one, measured in alternation in one run. Not a test: runs only with -Dshell-lambda.bench=true;
 * prints Markdown.
 */
class StreamingBenchmark {
  @TempDir Path dir;

  LocalFunction function(String name, String handler, boolean stream) throws Exception {
    FunctionConfiguration.Builder c = TestFunctions.config(name);
    if (stream) {
      c.environmentVariable("SHELL_LAMBDA_RESPONSE_STREAM", "1");
    }
    return TestFunctions.function(dir.resolve(name), handler).configuration(c.build()).logSink(l -> {}).start();
  }

  /** Milliseconds from writing the request to reading the first body byte. */
  static double ttfb(FrontDoor door, String host) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), door.port())) {
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      long t0 = System.nanoTime();
      out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      int state = 0;
      while (state < 4) { // the head, to the empty line
        int c = in.read();
        state = (c == '\r' && (state == 0 || state == 2)) ? state + 1 : (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
      }
      int first = in.read();
      double ms = (System.nanoTime() - t0) / 1e6;
      byte[] rest = in.readAllBytes();
      double all = (System.nanoTime() - t0) / 1e6;
      if (System.getProperty("shell-lambda.bench.show") != null) {
        System.out.println("DEBUG " + ms + " " + all + " " + (char) first + new String(rest, StandardCharsets.UTF_8));
      }
      return ms;
    }
  }

  @Test
  void timeToFirstByteStreamedVersusBuffered() throws Exception {
    assumeTrue(Boolean.getBoolean("shell-lambda.bench"), "a benchmark: run with -Dshell-lambda.bench=true");
    String streamed = "run() { cat >/dev/null; echo first; sleep 1; echo last; }\n";
    // the same bytes as one JSON string, which a buffered Function URL sends as its body
    String buffered = "run() { cat >/dev/null; printf '%s' '\"first\\n'; sleep 1; printf '%s' 'last\\n\"'; }\n";
    try (LocalFunction s = function("streamed", streamed, true);
        LocalFunction b = function("buffered", buffered, false);
        FrontDoor door = FrontDoor.start(0, s, b)) {
      String sh = "streamed.lambda-url.localhost:" + door.port();
      String bh = "buffered.lambda-url.localhost:" + door.port();
      ttfb(door, sh); // warm both environments
      ttfb(door, bh);
      int n = 10;
      double[] st = new double[n];
      double[] bu = new double[n];
      for (int i = 0; i < n; i++) {
        st[i] = ttfb(door, sh);
        bu[i] = ttfb(door, bh);
      }
      Arrays.sort(st);
      Arrays.sort(bu);
      System.out.printf(Locale.ROOT, "| handler: a line, `sleep 1`, a line; %d warm requests each, alternating | median | min | max |%n", n);
      System.out.printf(Locale.ROOT, "|---|---|---|---|%n");
      System.out.printf(Locale.ROOT, "| streamed (SHELL_LAMBDA_RESPONSE_STREAM=1) | %.1f ms | %.1f ms | %.1f ms |%n", (st[n / 2 - 1] + st[n / 2]) / 2, st[0], st[n - 1]);
      System.out.printf(Locale.ROOT, "| buffered | %.1f ms | %.1f ms | %.1f ms |%n", (bu[n / 2 - 1] + bu[n / 2]) / 2, bu[0], bu[n - 1]);
    }
  }
}
