package io.github.shelllambda.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.shelllambda.runtime.frontdoor.FrontDoor;
import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.function.InvokeRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Response streaming through the local Function URL (issue 16): a function whose environment sets
 * SHELL_LAMBDA_RESPONSE_STREAM=1 is served like a URL with invoke mode RESPONSE_STREAM, its bytes
 * reaching the client while it still runs; a buffered caller (Invoke) gets the whole response.
 */
class FunctionUrlStreamingTest {
  @TempDir static Path dir;
  static LocalFunction fn;
  static FrontDoor door;
  static final CopyOnWriteArrayList<String> log = new CopyOnWriteArrayList<>();

  static final String HANDLER = """
      run() {
        local ev; ev=$(cat)
        case $ev in
          *'"rawPath":"/live"'*)
            echo first
            # waits until the test saw the first line arrive (at most 60 s)
            for ((i = 0; i < 1200; i++)); do [[ -e $GO_FILE ]] && break; sleep 0.05; done
            echo last ;;
          *'"rawPath":"/sse"'*)
            lambda_stream_start 201 -H 'Content-Type: text/event-stream' -H 'X-Stream: yes' --cookie 'k=v; Path=/'
            printf 'data: one\\n\\n'
            printf 'data: two\\n\\n' ;;
          *'"rawPath":"/broken"'*)
            echo partial
            lambda_error Custom.Broken 'after the first line' ;;
          *'"rawPath":"/big"'*) head -c 10485760 /dev/zero | tr '\\0' 'z' ;;
          *) echo buffered-caller ;;
        esac
      }
      """;

  @BeforeAll
  static void start() throws Exception {
    fn = TestFunctions.function(dir, HANDLER)
        .configuration(TestFunctions.config("stream-fn")
            .environmentVariable("SHELL_LAMBDA_RESPONSE_STREAM", "1")
            .environmentVariable("GO_FILE", dir.resolve("go").toString())
            .build())
        .logSink(log::add)
        .start();
    door = FrontDoor.start(0, fn);
  }

  @AfterAll
  static void stop() {
    door.close();
    fn.close();
  }

  /** A raw HTTP/1.1 exchange read as it arrives: head, then chunks. */
  static final class Raw implements AutoCloseable {
    final Socket s;
    final InputStream in;
    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    final Map<String, java.util.List<String>> all = new LinkedHashMap<>();

    Raw(String path) throws IOException {
      s = new Socket(InetAddress.getLoopbackAddress(), door.port());
      s.setSoTimeout(60_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(UTF_8));
      out.flush();
      in = s.getInputStream();
      String statusLine = line();
      status = Integer.parseInt(statusLine.split(" ")[1]);
      for (String l = line(); !l.isEmpty(); l = line()) {
        int c = l.indexOf(':');
        String name = l.substring(0, c).trim().toLowerCase(Locale.ROOT);
        headers.put(name, l.substring(c + 1).trim());
        all.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(l.substring(c + 1).trim());
      }
    }

    String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (int c; (c = in.read()) != '\n'; ) {
        if (c < 0) {
          throw new IOException("end of stream inside a line");
        }
        if (c != '\r') {
          b.write(c);
        }
      }
      return b.toString(UTF_8);
    }

    private boolean chunkEndPending;

    /**
     * The next chunk's bytes; null after the last chunk. The CRLF ending a chunk's data is read
     * only before the next chunk: a server may send it with the next chunk's size line (Jetty does).
     */
    byte[] chunk() throws IOException {
      if (chunkEndPending && !line().isEmpty()) {
        throw new IOException("no CRLF after a chunk's data");
      }
      chunkEndPending = false;
      int size = Integer.parseInt(line().split(";")[0].trim(), 16);
      if (size == 0) {
        while (!line().isEmpty()) {
          // trailers
        }
        return null;
      }
      byte[] b = in.readNBytes(size);
      chunkEndPending = true;
      return b;
    }

    String rest() throws IOException {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (byte[] c = chunk(); c != null; c = chunk()) {
        all.write(c);
      }
      return all.toString(UTF_8);
    }

    @Override
    public void close() throws IOException {
      s.close();
    }
  }

  @Test
  void theFirstLineReachesTheClientBeforeTheHandlerWroteItsLast() throws Exception {
    try (Raw r = new Raw("/live")) {
      assertThat(r.status).isEqualTo(200);
      assertThat(r.headers).containsEntry("transfer-encoding", "chunked").containsEntry("content-type", "application/octet-stream")
          .containsKey("x-amzn-requestid");
      byte[] first = r.chunk();
      // the handler is still waiting for the go file: the line came while it ran
      assertThat(Files.exists(dir.resolve("go"))).isFalse();
      assertThat(new String(first, UTF_8)).isEqualTo("first\n");
      Files.writeString(dir.resolve("go"), "go");
      assertThat(r.rest()).isEqualTo("last\n");
    } finally {
      Files.deleteIfExists(dir.resolve("go"));
    }
  }

  @Test
  void thePreludeSetsStatusHeadersAndCookies() throws Exception {
    try (Raw r = new Raw("/sse")) {
      assertThat(r.status).isEqualTo(201);
      assertThat(r.headers).containsEntry("content-type", "text/event-stream").containsEntry("x-stream", "yes")
          .containsEntry("transfer-encoding", "chunked");
      assertThat(r.all.get("set-cookie")).containsExactly("k=v; Path=/");
      assertThat(r.rest()).isEqualTo("data: one\n\ndata: two\n\n");
    }
  }

  @Test
  void anErrorAfterTheFirstBytesEndsTheStreamAndIsLogged() throws Exception {
    try (Raw r = new Raw("/broken")) {
      assertThat(r.status).isEqualTo(200);
      assertThat(r.rest()).isEqualTo("partial\n");
    }
    Await.until("the error type in the log", () -> log.stream().anyMatch(l -> l.contains("Custom.Broken")));
  }

  @Test
  void aStreamedBodyOverTheBufferedSixMbLimitArrivesWhole() throws Exception {
    try (Raw r = new Raw("/big")) {
      assertThat(r.status).isEqualTo(200);
      String body = r.rest();
      assertThat(body).hasSize(10 << 20);
      assertThat(body.chars().allMatch(c -> c == 'z')).isTrue();
    }
  }

  @Test
  void aBufferedCallerGetsTheWholeResponse() {
    Invocation inv = fn.invoke(InvokeRequest.of("{\"rawPath\":\"/other\"}"));
    assertThat(inv.failed()).isFalse();
    assertThat(inv.payloadAsString()).isEqualTo("buffered-caller\n");
  }
}
