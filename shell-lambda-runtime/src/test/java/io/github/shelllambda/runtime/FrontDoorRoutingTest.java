package io.github.shelllambda.runtime;

import io.github.shelllambda.runtime.frontdoor.FrontDoor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two functions on one front door: the first is the default Function URL, the other is reached by host name. */
class FrontDoorRoutingTest {
  @TempDir Path dir;

  static String get(int port, String host, String path) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void hostNameSelectsTheFunction() throws Exception {
    try (LocalFunction one = TestFunctions.function(dir.resolve("one"), "run() { echo '\"one\"'; }\n").configuration(TestFunctions.config("one").build()).start();
        LocalFunction two = TestFunctions.function(dir.resolve("two"), "run() { echo '\"two\"'; }\n").configuration(TestFunctions.config("two").build()).start();
        FrontDoor door = FrontDoor.start(0, one, two)) {
      assertThat(door.functionUrl("one")).isEqualTo("http://127.0.0.1:" + door.port() + "/");
      assertThat(door.functionUrl("two")).isEqualTo("http://two.lambda-url.localhost:" + door.port() + "/");
      assertThat(door.invokeUrl("two")).isEqualTo("http://127.0.0.1:" + door.port() + "/2015-03-31/functions/two/invocations");
      assertThat(get(door.port(), "127.0.0.1:" + door.port(), "/")).startsWith("HTTP/1.1 200").endsWith("\"one\"\n");
      assertThat(get(door.port(), "two.lambda-url.localhost:" + door.port(), "/x")).startsWith("HTTP/1.1 200").endsWith("\"two\"\n");
      assertThatThrownBy(() -> door.functionUrl("three")).hasMessageContaining("no function named 'three'");
      // an operation of the API this door does not serve (no control plane): 501 naming it, never a wrong success
      String unserved = get(door.port(), "127.0.0.1", "/2015-03-31/functions");
      assertThat(unserved).startsWith("HTTP/1.1 501").contains("x-amzn-ErrorType: NotImplementedException")
          .contains("ListFunctions is not implemented");
      String unknownOp = get(door.port(), "127.0.0.1", "/2015-03-31/no-such-thing");
      assertThat(unknownOp).startsWith("HTTP/1.1 404").contains("x-amzn-ErrorType: UnknownOperationException");
    }
  }
}
