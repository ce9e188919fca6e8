package io.github.shelllambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.shelllambda.runtime.frontdoor.FrontDoor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The front door probed as an attacker and a careless client would, on real sockets with raw
 * bytes: issue 12, faults 1 to 11 and 18. Each test names its fault.
 */
class FrontDoorHardeningTest {
  @TempDir static Path dir;
  static LocalFunction fn;
  static FrontDoor door;
  static int port;
  static final CopyOnWriteArrayList<String> log = new CopyOnWriteArrayList<>();
  static final ObjectMapper JSON = new ObjectMapper();

  /** Echoes its event, except for a few Function URL paths that answer with a broken response. */
  static final String HANDLER =
      String.join(
          "\n",
          "run() {",
          "  local ev; ev=$(cat)",
          "  case $ev in",
          "    *'\"rawPath\":\"/crlf\"'*) echo '{\"statusCode\":200,\"headers\":{\"x-a\":\"a\\r\\nSet-Cookie: evil=1\"},\"body\":\"x\"}' ;;",
          "    *'\"rawPath\":\"/status0\"'*) echo '{\"statusCode\":0,\"body\":\"x\"}' ;;",
          "    *'\"rawPath\":\"/status99999\"'*) echo '{\"statusCode\":99999,\"body\":\"x\"}' ;;",
          "    *'\"rawPath\":\"/badlength\"'*) echo '{\"statusCode\":200,\"headers\":{\"content-length\":\"1\"},\"body\":\"hello\"}' ;;",
          "    *'\"rawPath\":\"/goodlength\"'*) echo '{\"statusCode\":200,\"headers\":{\"content-length\":\"5\"},\"body\":\"hello\"}' ;;",
          "    *) printf '%s' \"$ev\" ;;",
          "  esac",
          "}",
          "");

  @BeforeAll
  static void start() throws Exception {
    fn = TestFunctions.function(dir, HANDLER).configuration(TestFunctions.config("echo").build()).maxConcurrency(2).logSink(log::add).start();
    door = FrontDoor.start(0, fn);
    port = door.port();
  }

  @AfterAll
  static void stop() {
    door.close();
    fn.close();
  }

  static String invoke(String function, String headers, String body) {
    return "POST /2015-03-31/functions/" + function + "/invocations HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
        + headers + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
  }

  static int threads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  // ---- fault 1: idle, slow and half-sent connections

  /**
   * 2,000 idle connections: the JVM's thread count stays under (threads before + the front door's
   * maximum pool + 8), a normal invoke answers meanwhile, and the idle timeout closes them all.
   */
  @Test
  void idleConnectionsHoldNoThreadAndAreClosedByTheIdleTimeout() throws Exception {
    try (FrontDoor idleDoor = FrontDoor.start(0, Duration.ofSeconds(2), fn)) {
      int p = idleDoor.port();
      assertThat(RawHttp.exchange(p, invoke("echo", "", "{}").replace(":" + port, ":" + p)).status()).isEqualTo(200);
      int before = threads();
      int bound = before + idleDoor.maxThreads() + 8;
      List<RawHttp> idle = new ArrayList<>();
      try {
        for (int i = 0; i < 2000; i++) {
          RawHttp c = new RawHttp(p);
          if (i % 2 == 1) {
            c.send("POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\nhalf"); // half-sent
          }
          idle.add(c);
        }
        int during = threads();
        System.out.println("threads before " + before + ", with 2,000 idle connections " + during + ", bound " + bound);
        assertThat(during).as("JVM threads with 2,000 idle connections").isLessThan(bound);
        RawHttp.Response normal = RawHttp.exchange(p, invoke("echo", "", "{\"n\":1}").replace(":" + port, ":" + p));
        assertThat(normal.status()).isEqualTo(200);
        assertThat(normal.bodyText()).isEqualTo("{\"n\":1}");
        int open = 0;
        for (RawHttp c : idle) {
          if (!c.closedByServer()) {
            open++;
          }
        }
        assertThat(open).as("connections the idle timeout left open").isZero();
      } finally {
        for (RawHttp c : idle) {
          c.close();
        }
      }
    }
  }

  /** The idle timeout is for a silent client, not for a function that takes its time to answer. */
  @Test
  void anInvocationLongerThanTheIdleTimeoutIsAnswered() throws Exception {
    try (LocalFunction slow =
            TestFunctions.function(dir.resolve("slow"), "run() { sleep 3; echo '{\"slow\":true}'; }\n")
                .configuration(TestFunctions.config("slow").timeoutSeconds(20).build()).start();
        FrontDoor shortIdle = FrontDoor.start(0, Duration.ofSeconds(1), slow)) {
      int p = shortIdle.port();
      try (RawHttp c = new RawHttp(p)) {
        RawHttp.Response r = c.send(invoke("slow", "", "{}").replace(":" + port, ":" + p)).read();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo("{\"slow\":true}\n");
        // and the Runtime API kept its waiting /next: the warm environment answers again
        assertThat(c.send(invoke("slow", "", "{}").replace(":" + port, ":" + p)).read().status()).isEqualTo(200);
      }
    }
  }

  @Test
  void aHugeDeclaredLengthIsAnswered413AtOnce() throws Exception {
    try (RawHttp c = new RawHttp(port)) {
      RawHttp.Response r =
          c.send("POST /2015-03-31/functions/echo/invocations HTTP/1.1\r\nHost: 127.0.0.1:" + port
                  + "\r\nContent-Length: 1000000000000\r\n\r\n{")
              .read();
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.header("x-amzn-ErrorType")).isEqualTo("RequestTooLargeException");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  // ---- fault 2: Event invocations

  @Test
  void eventsWaitInABoundedQueueNotAThreadEach() throws Exception {
    int before = threads();
    try (RawHttp c = new RawHttp(port)) {
      for (int i = 0; i < 300; i++) {
        RawHttp.Response r = c.send(invoke("echo", "X-Amz-Invocation-Type: Event\r\n", "{\"i\":" + i + "}")).read();
        assertThat(r.status()).as("event " + i).isEqualTo(202);
      }
    }
    int during = threads();
    System.out.println("threads before 300 events " + before + ", after queueing them " + during);
    assertThat(during).as("JVM threads with 300 events queued").isLessThan(before + 20);
    // a synchronous call still gets an environment (the events use one at a time)
    RawHttp.Response sync = RawHttp.exchange(port, invoke("echo", "", "{\"sync\":true}"));
    assertThat(sync.status()).as(sync.toString()).isEqualTo(200);
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (fn.queuedEvents() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(fn.queuedEvents()).isZero();
  }

  @Test
  void eventPayloadsOverLambdasAsyncLimitAreRefused() throws Exception {
    String atLimit = "\"" + "a".repeat(LocalFunction.MAX_ASYNC_REQUEST_BYTES - 2) + "\"";
    String over = "\"" + "a".repeat(LocalFunction.MAX_ASYNC_REQUEST_BYTES - 1) + "\"";
    assertThat(LocalFunction.MAX_ASYNC_REQUEST_BYTES).isEqualTo(1_048_576);
    RawHttp.Response tooLarge = RawHttp.exchange(port, invoke("echo", "X-Amz-Invocation-Type: Event\r\n", over));
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.header("x-amzn-ErrorType")).isEqualTo("RequestTooLargeException");
    assertThat(RawHttp.exchange(port, invoke("echo", "X-Amz-Invocation-Type: Event\r\n", atLimit)).status())
        .isEqualTo(202);
  }

  // ---- faults 3, 4, 5: framing

  @Test
  void negativeChunkSizesAre400() throws Exception {
    try (RawHttp c = new RawHttp(port)) {
      c.send("POST /2015-03-31/functions/echo/invocations HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nTransfer-Encoding: chunked\r\n\r\n-fc000000\r\n" + "x".repeat(4096));
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(400);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void malformedLengthsAre400WithoutAStackTrace() throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      String head = "POST /2015-03-31/functions/echo/invocations HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n";
      for (String cl : List.of("abc", "-5", "2, 2", "99999999999999999999999", "")) {
        RawHttp.Response r = RawHttp.exchange(port, head + "Content-Length: " + cl + "\r\n\r\n{}");
        assertThat(r.status()).as("Content-Length: '" + cl + "'").isEqualTo(400);
      }
      for (String size : List.of("zz", "-2", "")) {
        RawHttp.Response r =
            RawHttp.exchange(port, head + "Transfer-Encoding: chunked\r\n\r\n" + size + "\r\n{}\r\n0\r\n\r\n");
        assertThat(r.status()).as("chunk size '" + size + "'").isEqualTo(400);
      }
    } finally {
      System.setErr(err);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void smugglingPrimitivesAre400AndClose() throws Exception {
    String head = "POST /2015-03-31/functions/echo/invocations HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n";
    String second = "GET /second HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n";
    List<String> probes =
        List.of(
            head + "Content-Length: 2\r\nContent-Length: " + (2 + second.length()) + "\r\n\r\n{}" + second,
            head + "Content-Length : 2\r\n\r\n{}" + second,
            head + "Transfer-Encoding : chunked\r\nContent-Length: 2\r\n\r\n{}",
            head + "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\n{}\r\n0\r\n\r\n" + second,
            head + "Transfer-Encoding: gzip\r\n\r\n{}",
            head + "Transfer-Encoding: xchunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n" + second);
    for (String probe : probes) {
      try (RawHttp c = new RawHttp(port)) {
        RawHttp.Response r = c.send(probe).read();
        String first = probe.substring(probe.indexOf("\r\n") + 2, probe.indexOf("\r\n\r\n")).replace("\r\n", " | ");
        assertThat(r.status()).as(first).isEqualTo(400);
        assertThat(c.closedByServer()).as("closed after: " + first).isTrue();
      }
    }
  }

  // ---- fault 6: UTF-8

  @Test
  void utf8InQueryAndHeadersReachesTheHandlerAsUtf8() throws Exception {
    RawHttp.Response r =
        RawHttp.exchange(port, "GET /?name=\u00e9 HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Name: \u00e9\r\n\r\n");
    assertThat(r.status()).isEqualTo(200);
    JsonNode ev = JSON.readTree(r.body());
    assertThat(ev.path("queryStringParameters").path("name").asText()).isEqualTo("\u00e9");
    assertThat(ev.path("headers").path("x-name").asText()).isEqualTo("\u00e9");
    assertThat(ev.path("rawQueryString").asText()).isIn("name=\u00e9", "name=%C3%A9");
  }

  // ---- fault 7: the handler's response

  @Test
  void responsesThatAreNotValidHttpAre502AndLogged() throws Exception {
    for (String path : List.of("/crlf", "/status0", "/status99999", "/badlength")) {
      int logged = log.size();
      RawHttp.Response r = RawHttp.exchange(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n");
      assertThat(r.status()).as(path).isEqualTo(502);
      assertThat(r.count("Set-Cookie")).as(path).isZero();
      assertThat(r.count("Content-Length")).as(path).isEqualTo(1);
      assertThat(log.subList(logged, log.size())).as(path).anyMatch(l -> l.contains("cannot be sent as HTTP"));
    }
    RawHttp.Response ok = RawHttp.exchange(port, "GET /goodlength HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.count("Content-Length")).isEqualTo(1);
    assertThat(ok.bodyText()).isEqualTo("hello");
  }

  // ---- fault 8: bad percent-escapes

  @Test
  void badPercentEscapesAre400AwsShaped() throws Exception {
    RawHttp.Response inPath = RawHttp.exchange(port, invoke("ec%zzho", "", "{}"));
    assertThat(inPath.status()).isEqualTo(400);
    assertThat(inPath.bodyText()).doesNotContain("java.").contains("\"message\"");
    RawHttp.Response inQualifier =
        RawHttp.exchange(port, invoke("echo", "", "{}").replace("/invocations", "/invocations?Qualifier=%zz"));
    assertThat(inQualifier.status()).isEqualTo(400);
    assertThat(inQualifier.header("x-amzn-ErrorType")).isEqualTo("InvalidParameterValueException");
    assertThat(inQualifier.bodyText()).doesNotContain("java.").contains("\"message\"");
  }

  // ---- fault 9: absolute-form targets

  @Test
  void anAbsoluteFormTargetIsRoutedByItsPath() throws Exception {
    RawHttp.Response r =
        RawHttp.exchange(port, invoke("echo", "", "{\"abs\":1}").replaceFirst(
            "POST /", "POST http://127.0.0.1:" + port + "/"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("X-Amz-Executed-Version")).isEqualTo("$LATEST");
    assertThat(r.bodyText()).isEqualTo("{\"abs\":1}"); // the Invoke payload, not a Function URL event
  }

  // ---- fault 10: header and body limits

  @Test
  void oversizeHeadersAre431AndAnExpectedHugeBodyIs413() throws Exception {
    RawHttp.Response big =
        RawHttp.exchange(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Big: " + "a".repeat(70 * 1024) + "\r\n\r\n");
    assertThat(big.status()).isEqualTo(431);
    RawHttp.Response longUri = RawHttp.exchange(port, "GET /" + "a".repeat(70 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(longUri.status()).isEqualTo(414);
    try (RawHttp c = new RawHttp(port)) {
      RawHttp.Response r =
          c.send("POST /2015-03-31/functions/echo/invocations HTTP/1.1\r\nHost: 127.0.0.1:" + port
                  + "\r\nExpect: 100-continue\r\nContent-Length: 104857600\r\n\r\n")
              .read();
      assertThat(r.status()).as("no 100 Continue for a body over the limit").isEqualTo(413);
    }
  }

  // ---- fault 11: cross-origin requests and DNS rebinding

  @Test
  void theLambdaApiRefusesWebPagesAndForeignHostNames() throws Exception {
    RawHttp.Response origin =
        RawHttp.exchange(port, invoke("echo", "Origin: https://evil.example\r\nContent-Type: text/plain\r\n", "{}"));
    assertThat(origin.status()).isEqualTo(403);
    assertThat(origin.header("x-amzn-ErrorType")).isEqualTo("AccessDeniedException");
    assertThat(origin.bodyText()).contains("Origin");
    RawHttp.Response rebound =
        RawHttp.exchange(port, invoke("echo", "", "{}").replace("Host: 127.0.0.1:" + port, "Host: rebind.evil.example:" + port));
    assertThat(rebound.status()).isEqualTo(403);
    assertThat(rebound.bodyText()).contains("rebind.evil.example").contains("Host");
    RawHttp.Response localhost =
        RawHttp.exchange(port, invoke("echo", "", "{}").replace("Host: 127.0.0.1:" + port, "Host: localhost:" + port));
    assertThat(localhost.status()).isEqualTo(200);
    RawHttp.Response browserOnUrl =
        RawHttp.exchange(port, "GET /page HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nOrigin: https://app.example\r\n\r\n");
    assertThat(browserOnUrl.status()).as("Function URLs answer browsers").isEqualTo(200);
  }

  // ---- fault 18: names in the Invoke path, URL host names

  @Test
  void foreignArnsAndUnknownUrlHostsAre404() throws Exception {
    for (String name :
        List.of("arn:aws:lambda:eu-west-9:999999999999:function:echo", "arn:aws:lambda:us-east-1:999999999999:function:echo",
            "arn:aws:lambda:eu-west-9:000000000000:function:echo", "junk:function:echo")) {
      RawHttp.Response r = RawHttp.exchange(port, invoke(name, "", "{}"));
      assertThat(r.status()).as(name).isEqualTo(404);
      assertThat(r.header("x-amzn-ErrorType")).as(name).isEqualTo("ResourceNotFoundException");
    }
    RawHttp.Response own = RawHttp.exchange(port, invoke("arn:aws:lambda:us-east-1:000000000000:function:echo", "", "{}"));
    assertThat(own.status()).isEqualTo(200);
    RawHttp.Response unknown =
        RawHttp.exchange(port, "GET / HTTP/1.1\r\nHost: nope.lambda-url.localhost:" + port + "\r\n\r\n");
    assertThat(unknown.status()).isEqualTo(404);
    RawHttp.Response known =
        RawHttp.exchange(port, "GET / HTTP/1.1\r\nHost: echo.lambda-url.localhost:" + port + "\r\n\r\n");
    assertThat(known.status()).isEqualTo(200);
  }
}
