package io.github.shelllambda.runtime.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server's streaming paths: a chunked request body read as it arrives, a streamed response. */
class HttpServerStreamingTest {

  @Test
  void aStreamedRequestBodyMayPauseLongerThanTheIdleTimeoutAndItsTrailersArrive() throws Exception {
    CompletableFuture<String> got = new CompletableFuture<>();
    StreamingRequestHandler streaming = new StreamingRequestHandler() {
      @Override
      public boolean accepts(HttpRequest head) {
        return head.rawPath().equals("/stream");
      }

      @Override
      public HttpResponse handle(HttpRequest head, InputStream body, java.util.function.Supplier<Map<String, String>> trailers)
          throws Exception {
        String text = new String(body.readAllBytes(), UTF_8);
        got.complete(text + "|" + trailers.get().get("X-Error"));
        return HttpResponse.json(202, "{}");
      }
    };
    try (HttpServer server = HttpServer.start(
            HttpServer.Settings.of(0, "stream-test", 1024).withIdleTimeout(Duration.ofMillis(300)),
            r -> HttpResponse.json(404, "{}"), streaming);
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /stream HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTrailer: X-Error\r\n\r\n"
          + "5\r\nfirst\r\n").getBytes(ISO_8859_1));
      out.flush();
      // quiet for longer than the idle timeout, as a handler thinking between two lines
      Thread.sleep(1000);
      out.write("4\r\nlast\r\n0\r\nX-Error: none\r\n\r\n".getBytes(ISO_8859_1));
      out.flush();
      assertThat(got.get(30, TimeUnit.SECONDS)).isEqualTo("firstlast|none");
      InputStream in = s.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      for (int c; (c = in.read()) != '\n' && c >= 0; ) {
        head.write(c);
      }
      assertThat(head.toString(ISO_8859_1)).startsWith("HTTP/1.1 202");
    }
  }

  @Test
  void aStreamedResponseSendsEachWriteAtOnceWithTheWritersStatusAndHeaders() throws Exception {
    CompletableFuture<Void> firstSeen = new CompletableFuture<>();
    try (HttpServer server = HttpServer.start(HttpServer.Settings.of(0, "stream-test", 1024), r ->
            HttpResponse.streaming(target -> {
              Headers h = new Headers();
              h.add("Content-Type", "text/plain");
              OutputStream o = target.start(201, h);
              o.write("one\n".getBytes(UTF_8));
              o.flush();
              // the client must have read the first line before the second is written
              firstSeen.get(30, TimeUnit.SECONDS);
              o.write("two\n".getBytes(UTF_8));
            }).header("X-Extra", "joined"));
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(ISO_8859_1));
      InputStream in = s.getInputStream();
      ByteArrayOutputStream seen = new ByteArrayOutputStream();
      while (!seen.toString(ISO_8859_1).contains("one\n")) {
        int c = in.read();
        assertThat(c).as("the first line before the end of the response").isNotNegative();
        seen.write(c);
      }
      firstSeen.complete(null);
      seen.write(in.readAllBytes());
      String all = seen.toString(ISO_8859_1);
      assertThat(all).startsWith("HTTP/1.1 201").contains("Content-Type: text/plain", "X-Extra: joined")
          .endsWith("one\ntwo\n");
    }
  }
}
