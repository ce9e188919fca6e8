package io.github.shelllambda.runtime.bootstrap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.shelllambda.runtime.Await;
import io.github.shelllambda.runtime.bootstrap.RuntimeApiTestServer.Fault;
import io.github.shelllambda.runtime.bootstrap.RuntimeApiTestServer.Framing;
import io.github.shelllambda.runtime.bootstrap.RuntimeApiTestServer.Result;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bootstrap's contract (DESIGN.md "Contracts", issue 3), checked against the real binary and a
 * loopback Runtime API. Each concrete subclass runs it on one build: native, arm64 under qemu,
 * and the ASan+UBSan build.
 */
abstract class BootstrapConformance {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String ERROR_TYPE = "(Runtime|Function)\\.[A-Z][a-zA-Z]+";
  static final long WAIT = 60;

  @TempDir Path dir;
  Path task;
  RuntimeApiTestServer server;
  final List<BootstrapProcess> started = new ArrayList<>();

  abstract BootstrapTarget target();

  @BeforeEach
  void setUp() throws IOException {
    target().unavailable().ifPresent(reason -> assumeTrue(false, reason));
    task = Files.createDirectories(dir.resolve("task"));
    server = new RuntimeApiTestServer();
  }

  @AfterEach
  void tearDown() throws Exception {
    server.shutDown();
    for (BootstrapProcess p : started) {
      if (p.isAlive()) {
        // /next now answers 500: the bootstrap exits by itself, so the sanitizers get to report
        try {
          p.waitForExit(30);
        } catch (AssertionError e) {
          p.close();
          throw e;
        }
      }
      p.close();
      if (target() == BootstrapTarget.SANITIZE) {
        assertThat(p.log())
            .as("sanitizer report in the bootstrap's log")
            .doesNotContain("ERROR: AddressSanitizer")
            .doesNotContain("ERROR: LeakSanitizer")
            .doesNotContain("runtime error:");
      }
    }
    server.close();
  }

  BootstrapProcess start(String handler) throws IOException {
    return start(handler, Map.of());
  }

  BootstrapProcess start(String handler, Map<String, String> env) throws IOException {
    BootstrapProcess p = BootstrapProcess.start(target(), server.address(), task, handler, env);
    started.add(p);
    return p;
  }

  void file(String name, String content) throws IOException {
    Files.writeString(task.resolve(name), content, UTF_8);
  }

  void executable(String name, String content) throws IOException {
    Path p = task.resolve(name);
    Files.writeString(p, content, UTF_8);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  static Result await(CompletableFuture<Result> f) throws Exception {
    return f.get(WAIT, TimeUnit.SECONDS);
  }

  static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  /** Bytes of every value, NULs and newlines included, ending in two newlines when long enough. */
  static byte[] payload(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    if (size >= 2) {
      b[size - 1] = '\n';
      b[size - 2] = '\n';
    }
    if (size >= 4) {
      b[0] = 0;
      b[1] = (byte) 0xff;
    }
    return b;
  }

  static JsonNode errorBody(Result r) throws IOException {
    JsonNode n = JSON.readTree(r.body());
    assertThat(r.errorType()).matches(ERROR_TYPE);
    assertThat(n.path("errorType").asText()).isEqualTo(r.errorType());
    assertThat(n.path("errorMessage").isTextual()).isTrue();
    assertThat(n.path("stackTrace").isArray()).isTrue();
    return n;
  }

  static final String CAT = "set -euo pipefail\nrun() { cat; }\n";

  // ---- response streaming (SHELL_LAMBDA_RESPONSE_STREAM, issue 16) ----

  static final String STREAM_ENV = "SHELL_LAMBDA_RESPONSE_STREAM";

  /** Queues an invocation under a known request id, so that its stream can be watched. */
  CompletableFuture<Result> invokeAs(String id, byte[] event) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 300_000));
    h.put("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:test");
    return server.invoke(id, event, h, Framing.CONTENT_LENGTH, Fault.NONE);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1024, 10 << 20})
  void aStreamingFunctionsStdoutIsPostedChunkedWithTheStreamingModeByteExact(int size) throws Exception {
    file("handler.sh", CAT);
    start("handler.run", Map.of(STREAM_ENV, "1"));
    byte[] p = payload(size, size);
    Result r = await(invokeAs("stream-" + size, p));
    assertThat(r.kind()).isEqualTo("response");
    assertThat(r.headers())
        .containsEntry("lambda-runtime-function-response-mode", "streaming")
        .containsEntry("transfer-encoding", "chunked")
        .containsEntry("content-type", "application/octet-stream")
        .containsEntry("trailer", "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body")
        .doesNotContainKey("content-length");
    assertThat(r.body()).isEqualTo(p);
    assertThat(server.stream("stream-" + size).trailers()).isEmpty();
    // the next invocation is served over a fresh connection (the contract closes it after a stream)
    assertThat(await(invokeAs("stream-again-" + size, bytes("again"))).bodyText()).isEqualTo("again");
  }

  @Test
  void aStreamedResponsesFirstChunkArrivesWhileTheHandlerStillRuns() throws Exception {
    Path go = dir.resolve("go");
    file("handler.sh", """
        run() {
          echo first
          # waits until the test saw the first line arrive (at most 60 s)
          for ((i = 0; i < 1200; i++)); do [[ -e $GO_FILE ]] && break; sleep 0.05; done
          echo last
        }
        """);
    start("handler.run", Map.of(STREAM_ENV, "1", "GO_FILE", go.toString()));
    CompletableFuture<Result> f = invokeAs("live", new byte[0]);
    byte[] first = server.stream("live").firstChunk.get(WAIT, TimeUnit.SECONDS);
    assertThat(new String(first, UTF_8)).isEqualTo("first\n");
    assertThat(f).as("the handler waits for the go file: it cannot have ended yet").isNotDone();
    Files.writeString(go, "go");
    Result r = await(f);
    assertThat(r.bodyText()).isEqualTo("first\nlast\n");
    assertThat(server.stream("live").chunkNanos()).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void anErrorAfterTheFirstBytesGoesInTheTrailersAndIsLogged() throws Exception {
    file("handler.sh", """
        run() {
          read -r mode
          echo partial
          if [[ $mode == toolkit ]]; then lambda_error Custom.Broken "went wrong after the first line"; fi
          echo "stderr line" >&2
          exit 3
        }
        """);
    BootstrapProcess p = start("handler.run", Map.of(STREAM_ENV, "1"));
    Result r = await(invokeAs("err-toolkit", bytes("toolkit\n")));
    assertThat(r.kind()).isEqualTo("response");
    assertThat(r.bodyText()).isEqualTo("partial\n");
    Map<String, String> t = server.stream("err-toolkit").trailers();
    assertThat(t).containsEntry("lambda-runtime-function-error-type", "Custom.Broken");
    JsonNode body = JSON.readTree(java.util.Base64.getDecoder().decode(t.get("lambda-runtime-function-error-body")));
    assertThat(body.path("errorType").asText()).isEqualTo("Custom.Broken");
    assertThat(body.path("errorMessage").asText()).isEqualTo("went wrong after the first line");
    p.awaitLog("Custom.Broken");

    Result exit = await(invokeAs("err-exit", bytes("exit\n")));
    assertThat(exit.bodyText()).isEqualTo("partial\n");
    Map<String, String> t2 = server.stream("err-exit").trailers();
    assertThat(t2).containsEntry("lambda-runtime-function-error-type", "Function.ExitError");
    JsonNode b2 = JSON.readTree(java.util.Base64.getDecoder().decode(t2.get("lambda-runtime-function-error-body")));
    assertThat(b2.path("errorMessage").asText()).contains("exited with status 3").contains("stderr line");
  }

  @Test
  void anErrorBeforeAnyOutputOfAStreamingFunctionIsPostedToTheErrorEndpoint() throws Exception {
    file("handler.sh", "run() { lambda_error Custom.Early 'nothing printed'; }\n");
    start("handler.run", Map.of(STREAM_ENV, "1"));
    Result r = await(invokeAs("early", new byte[0]));
    assertThat(r.kind()).isEqualTo("error");
    assertThat(r.errorType()).isEqualTo("Custom.Early");
  }

  @Test
  void lambdaStreamStartSendsTheHttpPreludeAndItsContentType() throws Exception {
    file("handler.sh", """
        run() {
          lambda_stream_start 201 -H 'Content-Type: text/event-stream' -H 'X-Quote: say "hi"' --cookie 'a=b; Path=/'
          printf 'data: one\\n\\n'
        }
        """);
    start("handler.run", Map.of(STREAM_ENV, "1"));
    Result r = await(invokeAs("prelude", new byte[0]));
    assertThat(r.headers()).containsEntry("content-type", "application/vnd.awslambda.http-integration-response");
    byte[] b = r.body();
    int end = io.github.shelllambda.runtime.url.FunctionUrlHandler.preludeEnd(b);
    assertThat(end).as("8 NUL bytes after the prelude").isPositive();
    JsonNode prelude = JSON.readTree(java.util.Arrays.copyOfRange(b, 0, end));
    assertThat(prelude.path("statusCode").asInt()).isEqualTo(201);
    assertThat(prelude.path("headers").path("Content-Type").asText()).isEqualTo("text/event-stream");
    assertThat(prelude.path("headers").path("X-Quote").asText()).isEqualTo("say \"hi\"");
    assertThat(prelude.path("cookies").get(0).asText()).isEqualTo("a=b; Path=/");
    assertThat(new String(b, end + 8, b.length - end - 8, UTF_8)).isEqualTo("data: one\n\n");
  }

  @Test
  void lambdaStreamStartInABufferedFunctionIsAnErrorNamingTheSetting() throws Exception {
    file("handler.sh", "run() { lambda_stream_start 200; echo body; }\n");
    start("handler.run");
    Result r = await(server.invoke(new byte[0], Framing.CONTENT_LENGTH));
    assertThat(r.errorType()).isEqualTo("Function.StreamingNotEnabled");
    assertThat(errorBody(r).path("errorMessage").asText()).contains(STREAM_ENV);
  }

  @Test
  void theBootstrapsMemoryStaysFlatWhileStreaming100Mb() throws Exception {
    file("handler.sh", "run() { read -r n; head -c \"$n\" /dev/zero; }\n");
    BootstrapProcess p = start("handler.run", Map.of(STREAM_ENV, "1"));
    assertThat(await(invokeAs("small", bytes("1024\n"))).body()).hasSize(1024);
    long before = p.peakRssKib();
    long size = 100L << 20;
    await(invokeAs("big", bytes(size + "\n")));
    RuntimeApiTestServer.Stream st = server.stream("big");
    assertThat(st.length()).isEqualTo(size);
    java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
    byte[] zeros = new byte[1 << 20];
    for (int i = 0; i < 100; i++) {
      md.update(zeros);
    }
    assertThat(st.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(md.digest()));
    long after = p.peakRssKib();
    assertThat(after - before).as("peak RSS growth (KiB) over a 100 MB stream").isLessThan(1024);
    if (target() == BootstrapTarget.NATIVE) {
      assertThat(after).as("peak RSS (KiB) of the native bootstrap").isLessThan(1024);
    }
  }

  // ---- payloads ----

  @Test
  void payloadsOfEverySizeRoundTripByteExactWithEitherFraming() throws Exception {
    file("handler.sh", CAT);
    start("handler.run");
    int[] sizes = {0, 1, 2048, 2049, 65536, 1 << 20, 6 << 20};
    List<byte[]> events = new ArrayList<>();
    List<CompletableFuture<Result>> results = new ArrayList<>();
    for (Framing framing : Framing.values()) {
      for (int size : sizes) {
        byte[] ev = payload(size, size * 31L + framing.ordinal());
        events.add(ev);
        results.add(server.invoke(ev, framing));
      }
    }
    for (int i = 0; i < results.size(); i++) {
      Result r = await(results.get(i));
      assertThat(r.kind()).as("invocation %d", i).isEqualTo("response");
      assertThat(r.body()).as("response to a %d-byte event", events.get(i).length).isEqualTo(events.get(i));
    }
    assertThat(server.connections()).as("one keep-alive connection").isEqualTo(1);
  }

  @Test
  void theResponseIsExactlyStdoutWithTrailingNewlinesAndNonUtf8Bytes() throws Exception {
    file("handler.sh", "run() { printf 'a\\n\\n\\n'; printf '\\xff\\xfe\\x00z\\r\\n\\n'; }\n");
    start("handler.run");
    Result r = await(server.invoke(new byte[0], Framing.CONTENT_LENGTH));
    assertThat(r.body()).isEqualTo(new byte[] {'a', '\n', '\n', '\n', (byte) 0xff, (byte) 0xfe, 0, 'z', '\r', '\n', '\n'});
  }

  // ---- context ----

  static final String[] CONTEXT_VARS = {
    "LAMBDA_RUNTIME_AWS_REQUEST_ID", "LAMBDA_RUNTIME_DEADLINE_MS", "LAMBDA_RUNTIME_INVOKED_FUNCTION_ARN",
    "LAMBDA_RUNTIME_TRACE_ID", "LAMBDA_RUNTIME_CLIENT_CONTEXT", "LAMBDA_RUNTIME_COGNITO_IDENTITY", "_X_AMZN_TRACE_ID"
  };

  @Test
  void contextVariablesAreFreshPerInvocationAndAbsentOnesUnset() throws Exception {
    StringBuilder h = new StringBuilder("set -euo pipefail\nrun() {\n");
    for (String v : CONTEXT_VARS) {
      h.append("  printf '%s=%s\\n' ").append(v).append(" \"${").append(v).append("-UNSET}\"\n");
    }
    h.append("  printf 'LEFTOVER=%s\\n' \"${LEFTOVER-UNSET}\"\n  export LEFTOVER=yes\n}\n");
    file("handler.sh", h.toString());
    start("handler.run");
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Lambda-Runtime-Deadline-Ms", "1700000000123");
    all.put("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-1:123456789012:function:f:live");
    all.put("Lambda-Runtime-Trace-Id", "Root=1-abc;Parent=2;Sampled=1");
    // quotes, $(...), backslashes and backticks must arrive as data, never run
    all.put("Lambda-Runtime-Client-Context", "{\"custom\":\"it's $(touch pwned) `id` \\\\ \\\"q\\\"\"}");
    all.put("Lambda-Runtime-Cognito-Identity", "{\"cognitoIdentityId\":\"us-east-1:x'y\"}");
    Result first = await(server.invoke("id-1", new byte[0], all, Framing.CONTENT_LENGTH, Fault.NONE));
    Result second = await(server.invoke("id-2", new byte[0], Map.of(), Framing.CHUNKED, Fault.NONE));
    assertThat(first.bodyText())
        .isEqualTo("LAMBDA_RUNTIME_AWS_REQUEST_ID=id-1\n"
            + "LAMBDA_RUNTIME_DEADLINE_MS=1700000000123\n"
            + "LAMBDA_RUNTIME_INVOKED_FUNCTION_ARN=arn:aws:lambda:eu-west-1:123456789012:function:f:live\n"
            + "LAMBDA_RUNTIME_TRACE_ID=Root=1-abc;Parent=2;Sampled=1\n"
            + "LAMBDA_RUNTIME_CLIENT_CONTEXT={\"custom\":\"it's $(touch pwned) `id` \\\\ \\\"q\\\"\"}\n"
            + "LAMBDA_RUNTIME_COGNITO_IDENTITY={\"cognitoIdentityId\":\"us-east-1:x'y\"}\n"
            + "_X_AMZN_TRACE_ID=Root=1-abc;Parent=2;Sampled=1\n"
            + "LEFTOVER=UNSET\n");
    assertThat(second.bodyText())
        .isEqualTo("LAMBDA_RUNTIME_AWS_REQUEST_ID=id-2\n"
            + "LAMBDA_RUNTIME_DEADLINE_MS=UNSET\n"
            + "LAMBDA_RUNTIME_INVOKED_FUNCTION_ARN=UNSET\n"
            + "LAMBDA_RUNTIME_TRACE_ID=UNSET\n"
            + "LAMBDA_RUNTIME_CLIENT_CONTEXT=UNSET\n"
            + "LAMBDA_RUNTIME_COGNITO_IDENTITY=UNSET\n"
            + "_X_AMZN_TRACE_ID=UNSET\n"
            + "LEFTOVER=UNSET\n");
    assertThat(task.resolve("pwned")).doesNotExist();
  }

  // ---- the handler file ----

  @Test
  void initCodeRunsOnceAndInvocationStateDoesNotCarryOver() throws Exception {
    file("handler.sh", """
        set -euo pipefail
        echo "init ran" >&2
        INIT_PID=$$
        counter=0
        run() {
          counter=$((counter + 1))
          echo "$counter $INIT_PID"
        }
        """);
    BootstrapProcess p = start("handler.run");
    List<CompletableFuture<Result>> rs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rs.add(server.invoke(new byte[0], Framing.CONTENT_LENGTH));
    }
    String firstAnswer = null;
    for (CompletableFuture<Result> f : rs) {
      String body = await(f).bodyText();
      assertThat(body).startsWith("1 ");
      if (firstAnswer == null) {
        firstAnswer = body;
      }
      assertThat(body).as("every invocation forks the same initialised shell").isEqualTo(firstAnswer);
    }
    // init ran before the first answer; the log pump may still be behind: wait for it
    assertThat(p.awaitLog("init ran").split("init ran", -1)).as("init code ran once").hasSize(2);
  }

  @Test
  void strictModeAndOtherOptionsAtTopLevelApplyInsideEachInvocation() throws Exception {
    file("handler.sh", """
        set -euo pipefail
        IFS=$'\\n\\t'
        set -C
        set -x
        shopt -s nullglob
        run() {
          local what
          what=$(cat)
          case "$what" in
            ok) echo fine ;;
            errexit) false; echo "not reached" ;;
            nounset) echo "$NOT_SET_ANYWHERE"; echo "not reached" ;;
            pipefail) false | true; echo "not reached" ;;
            noclobber) echo x > "$TMPDIR/f"; echo y > "$TMPDIR/f"; echo "not reached" ;;
          esac
        }
        """);
    start("handler.run");
    for (String failing : List.of("errexit", "nounset", "pipefail", "noclobber")) {
      Result r = await(server.invoke(bytes(failing), Framing.CONTENT_LENGTH));
      assertThat(r.kind()).as(failing).isEqualTo("error");
      assertThat(r.body()).asString(UTF_8).doesNotContain("not reached");
      assertThat(errorBody(r).path("errorType").asText()).isEqualTo("Function.ExitError");
      Result ok = await(server.invoke(bytes("ok"), Framing.CONTENT_LENGTH));
      assertThat(ok.bodyText()).as("after %s", failing).isEqualTo("fine\n");
    }
  }

  @Test
  void functionsAndAliasesShadowingBuiltinsDoNotBreakTheBootstrapsMachinery() throws Exception {
    file("handler.sh", """
        set -euo pipefail
        shopt -s expand_aliases
        alias read='echo hijacked-alias; false'
        alias printf='echo hijacked-alias; false'
        for f in printf read set exec source declare exit export unset; do
          eval "$f() { echo hijacked-$f; return 1; }"
        done
        run() {
          # the bootstrap's own pipes (fds 3 and 4 of its bash) never reach an invocation
          if [[ -e /proc/self/fd/3 || -e /proc/self/fd/4 ]]; then builtin echo "fd leak"; fi
          builtin echo "ok $LAMBDA_RUNTIME_AWS_REQUEST_ID"
          [[ $(command cat) != fail ]] || return 3
        }
        """);
    start("handler.run");
    Result ok = await(server.invoke("id-ok", bytes("x"), Map.of(), Framing.CONTENT_LENGTH, Fault.NONE));
    assertThat(ok.bodyText()).isEqualTo("ok id-ok\n");
    Result failed = await(server.invoke(bytes("fail"), Framing.CONTENT_LENGTH));
    assertThat(errorBody(failed).path("errorMessage").asText()).contains("status 3");
    assertThat(await(server.invoke("id-2", bytes("y"), Map.of(), Framing.CHUNKED, Fault.NONE)).bodyText()).isEqualTo("ok id-2\n");
  }

  @Test
  void outputWhileSourcingGoesToTheLogNeverIntoAResponse() throws Exception {
    file("handler.sh", """
        echo "stdout while sourcing"
        echo "stderr while sourcing" >&2
        printf 'no newline at init'
        run() { printf 'response'; }
        """);
    BootstrapProcess p = start("handler.run");
    assertThat(await(server.invoke(new byte[0], Framing.CONTENT_LENGTH)).bodyText()).isEqualTo("response");
    assertThat(await(server.invoke(bytes("x"), Framing.CHUNKED)).bodyText()).isEqualTo("response");
    p.awaitLog("stdout while sourcing", "stderr while sourcing", "no newline at init");
  }

  @Test
  void aBackgroundChildHoldingStdoutDoesNotHoldTheResponseBack() throws Exception {
    file("handler.sh", """
        run() {
          { sleep 120; echo late; } &
          echo $! >> "$TMPDIR/background.pids"
          echo quick
        }
        """);
    BootstrapProcess p = start("handler.run");
    try {
      // were the bootstrap waiting for EOF on stdout, this would take two minutes, not seconds
      assertThat(server.invoke(new byte[0], Framing.CONTENT_LENGTH).get(30, TimeUnit.SECONDS).bodyText()).isEqualTo("quick\n");
      assertThat(server.invoke(new byte[0], Framing.CONTENT_LENGTH).get(30, TimeUnit.SECONDS).bodyText()).isEqualTo("quick\n");
    } finally {
      // the background jobs were orphaned when their invocation ended: end them by their pids
      Path pids = task.resolveSibling(task.getFileName() + "-tmp").resolve("background.pids");
      if (Files.exists(pids)) {
        for (String pid : Files.readAllLines(pids)) {
          ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(h -> {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
          });
        }
      }
      p.close();
    }
  }

  @Test
  void exitInTheHandlerFailsOnlyThatInvocation() throws Exception {
    file("handler.sh", """
        run() {
          read -r what || true
          if [[ $what == exit ]]; then echo "leaving now" >&2; exit 7; fi
          echo alive
        }
        """);
    start("handler.run");
    Result failed = await(server.invoke(bytes("exit\n"), Framing.CONTENT_LENGTH));
    assertThat(failed.kind()).isEqualTo("error");
    JsonNode n = errorBody(failed);
    assertThat(n.path("errorType").asText()).isEqualTo("Function.ExitError");
    assertThat(n.path("errorMessage").asText()).contains("status 7").contains("leaving now");
    assertThat(await(server.invoke(bytes("again\n"), Framing.CONTENT_LENGTH)).bodyText()).isEqualTo("alive\n");
  }

  @Test
  void invocationErrorsAreValidJsonCarryingTheEscapedStderrTail() throws Exception {
    file("handler.sh", """
        run() {
          case "$(cat)" in
            quotes) printf 'say "hi" \\\\ tab\\there \\x01 bad:\\xff good:\\xc3\\xa9\\n' >&2; return 2 ;;
            long) head -c 100000 /dev/zero | tr '\\0' 'x' >&2; echo "THE END" >&2; return 1 ;;
            signal) kill -KILL $BASHPID ;;
          esac
        }
        """);
    start("handler.run");
    JsonNode quotes = errorBody(await(server.invoke(bytes("quotes"), Framing.CONTENT_LENGTH)));
    assertThat(quotes.path("errorMessage").asText())
        .contains("status 2")
        .contains("say \"hi\" \\ tab\there \u0001 bad:\ufffd good:\u00e9\n");

    JsonNode longTail = errorBody(await(server.invoke(bytes("long"), Framing.CONTENT_LENGTH)));
    String msg = longTail.path("errorMessage").asText();
    assertThat(msg).endsWith("xxxxTHE END\n").contains("status 1");
    assertThat(msg.length()).as("the tail is bounded").isLessThanOrEqualTo(4096 + 512);

    JsonNode killed = errorBody(await(server.invoke(bytes("signal"), Framing.CONTENT_LENGTH)));
    assertThat(killed.path("errorMessage").asText()).contains("SIGKILL").contains("137");
    assertThat(await(server.invoke(bytes("fine"), Framing.CONTENT_LENGTH)).kind()).isEqualTo("response");
  }

  @Test
  void anExecutableHandlerRunsAsItsOwnProcessPerInvocation() throws Exception {
    executable("tool", "#!/bin/bash\necho \"pid $$\"\ncat\n");
    start("tool");
    String a = await(server.invoke(bytes("one\n"), Framing.CONTENT_LENGTH)).bodyText();
    String b = await(server.invoke(bytes("two\n"), Framing.CHUNKED)).bodyText();
    assertThat(a).matches("pid \\d+\none\n");
    assertThat(b).matches("pid \\d+\ntwo\n");
    assertThat(a.lines().findFirst()).isNotEqualTo(b.lines().findFirst());
  }

  @Test
  void aLongHandlerPathWithALongStderrTailStillMakesAValidErrorBody() throws Exception {
    String rel = "d".repeat(200) + "/" + "e".repeat(200) + "/fail";
    Files.createDirectories(task.resolve(rel).getParent());
    executable(rel, "#!/bin/bash\nhead -c 10000 /dev/zero | tr '\\0' y >&2\nexit 1\n");
    start(rel);
    JsonNode n = errorBody(await(server.invoke(new byte[0], Framing.CONTENT_LENGTH)));
    assertThat(n.path("errorMessage").asText()).contains("eeee/fail exited with status 1").endsWith("yyyy");
  }

  // ---- the toolkit ----

  @Test
  void lambdaErrorPostsItsTypeAndMessageEscapedByTheBootstrap() throws Exception {
    file("handler.sh", """
        set -euo pipefail
        run() {
          case "$(cat)" in
            quotes) echo "some stderr" >&2; lambda_error Billing.CardDeclined $'say "hi" \\\\ back\\nline two\\ttab \\x01 bad:\\xff good:\\xc3\\xa9'; echo "not reached" ;;
            invalid) lambda_error $'Bad Type"\\n' 'the message' ;;
            nested) x=$(lambda_error Nested.Error 'from a subshell'); echo "not reached: $x" ;;
            *) echo fine ;;
          esac
        }
        """);
    start("handler.run");
    Result quotes = await(server.invoke(bytes("quotes"), Framing.CONTENT_LENGTH));
    assertThat(quotes.kind()).isEqualTo("error");
    assertThat(quotes.errorType()).isEqualTo("Billing.CardDeclined");
    JsonNode n = JSON.readTree(quotes.body());
    assertThat(n.path("errorType").asText()).isEqualTo("Billing.CardDeclined");
    assertThat(n.path("errorMessage").asText()).isEqualTo("say \"hi\" \\ back\nline two\ttab \u0001 bad:\ufffd good:\u00e9");
    assertThat(n.path("stackTrace").isArray()).isTrue();

    Result invalid = await(server.invoke(bytes("invalid"), Framing.CHUNKED));
    assertThat(invalid.errorType()).isEqualTo("Function.InvalidErrorType");
    assertThat(errorBody(invalid).path("errorMessage").asText()).contains("'Bad Type\"\n'").contains("[A-Za-z][A-Za-z0-9.]*").endsWith("the message");

    Result nested = await(server.invoke(bytes("nested"), Framing.CONTENT_LENGTH));
    assertThat(nested.errorType()).as("lambda_error in a command substitution, under set -e").isEqualTo("Nested.Error");
    assertThat(JSON.readTree(nested.body()).path("errorMessage").asText()).isEqualTo("from a subshell");

    // the error file is emptied: the next invocation is a plain success
    assertThat(await(server.invoke(bytes("ok"), Framing.CONTENT_LENGTH)).bodyText()).isEqualTo("fine\n");
  }

  @Test
  void lambdaErrorAtTopLevelIsTheInitError() throws Exception {
    file("handler.sh", "lambda_error Config.Missing \"TABLE is not set: \\\"quoted\\\"\"\nrun() { cat; }\n");
    BootstrapProcess p = start("handler.run");
    Result r = await(server.initError());
    assertThat(r.errorType()).isEqualTo("Config.Missing");
    assertThat(JSON.readTree(r.body()).path("errorMessage").asText()).isEqualTo("TABLE is not set: \"quoted\"");
    assertThat(p.waitForExit(WAIT)).isNotZero();
  }

  @Test
  void lambdaHttpPrintsAPayload20ResponseForAnyBytes() throws Exception {
    file("handler.sh", """
        set -euo pipefail
        run() {
          read -r -n 1 mode
          case $mode in
            b) lambda_http 200 -H 'Content-Type: application/octet-stream' -H 'X-Two:  spaced  ' --cookie 'a=1; Path=/' --cookie 'b="2"' ;;
            t) lambda_http 404 -H 'Content-Type: text/plain; charset=utf-8' ;;
            f) lambda_http 201 --base64 ;;
            e) printf '' | lambda_http 204 ;;
            x) lambda_http 99 </dev/null ;;
          esac
        }
        """);
    start("handler.run");
    byte[] binary = payload(70_000, 7);
    JsonNode b = JSON.readTree(await(server.invoke(concat(bytes("b"), binary), Framing.CONTENT_LENGTH)).body());
    assertThat(b.path("statusCode").asInt()).isEqualTo(200);
    assertThat(b.path("isBase64Encoded").asBoolean()).isTrue();
    assertThat(java.util.Base64.getDecoder().decode(b.path("body").asText())).isEqualTo(binary);
    assertThat(b.path("headers").path("content-type").asText()).isEqualTo("application/octet-stream");
    assertThat(b.path("headers").path("x-two").asText()).isEqualTo("spaced");
    assertThat(JSON.convertValue(b.path("cookies"), List.class)).containsExactly("a=1; Path=/", "b=\"2\"");

    String text = "line \"one\"\n\\ tab\t é ✓ \u0001\n\n";
    JsonNode t = JSON.readTree(await(server.invoke(bytes("t" + text), Framing.CHUNKED)).body());
    assertThat(t.path("statusCode").asInt()).isEqualTo(404);
    assertThat(t.path("isBase64Encoded").asBoolean()).isFalse();
    assertThat(t.path("body").asText()).isEqualTo(text);
    assertThat(t.has("cookies")).isFalse();

    JsonNode f = JSON.readTree(await(server.invoke(bytes("fplain"), Framing.CONTENT_LENGTH)).body());
    assertThat(f.path("isBase64Encoded").asBoolean()).isTrue();
    assertThat(new String(java.util.Base64.getDecoder().decode(f.path("body").asText()), UTF_8)).isEqualTo("plain");

    JsonNode e = JSON.readTree(await(server.invoke(bytes("e"), Framing.CONTENT_LENGTH)).body());
    assertThat(e.path("statusCode").asInt()).isEqualTo(204);
    assertThat(e.path("body").asText()).isEmpty();

    Result x = await(server.invoke(bytes("x"), Framing.CONTENT_LENGTH));
    assertThat(errorBody(x).path("errorMessage").asText()).contains("lambda_http: the status is '99'");
  }

  @Test
  void lambdaJsonStringQuotesAnyValue() throws Exception {
    file("handler.sh", """
        run() {
          printf '['
          lambda_json_string 'plain text, with punctuation: (a) [b] {c} ~!@#$%^&*_+-=|/?<>.'
          printf ','
          lambda_json_string $'quote " backslash \\\\ newline \\n tab \\t ctl \\x01 bad \\xff utf8 \\xc3\\xa9'
          printf ','
          lambda_json_string ''
          printf ']'
        }
        """);
    start("handler.run");
    JsonNode a = JSON.readTree(await(server.invoke(new byte[0], Framing.CONTENT_LENGTH)).body());
    assertThat(a.get(0).asText()).isEqualTo("plain text, with punctuation: (a) [b] {c} ~!@#$%^&*_+-=|/?<>.");
    assertThat(a.get(1).asText()).isEqualTo("quote \" backslash \\ newline \n tab \t ctl \u0001 bad \ufffd utf8 \u00e9");
    assertThat(a.get(2).asText()).isEmpty();
  }

  @Test
  void lambdaLogWritesPlainTextOrJsonHonouringTheLogLevel() throws Exception {
    String handler = """
        set -euo pipefail
        lambda_log INFO "init line"
        run() {
          lambda_log debug "dropped at INFO"
          lambda_log INFO "plain" "words"
          lambda_log ERROR $'two\\nlines "quoted"'
          echo ok
        }
        """;
    file("handler.sh", handler);
    BootstrapProcess plain = start("handler.run", Map.of());
    assertThat(await(server.invoke("id-plain", new byte[0], Map.of(), Framing.CONTENT_LENGTH, Fault.NONE)).bodyText()).isEqualTo("ok\n");
    // the log is read from the bootstrap's stderr by another thread: wait for the lines
    String log = plain.awaitLog("plain words", "lines \"quoted\"", "dropped at INFO");
    assertThat(log).containsPattern("\\[INFO]\t\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\t-\tinit line\n");
    assertThat(log).containsPattern("\\[INFO]\t[^\t]+Z\tid-plain\tplain words\n");
    assertThat(log).contains("\tid-plain\ttwo\rlines \"quoted\"\n");
    assertThat(log).contains("dropped at INFO"); // no AWS_LAMBDA_LOG_LEVEL: nothing is dropped
    plain.kill();

    server.close();
    server = new RuntimeApiTestServer();
    BootstrapProcess json = start("handler.run", Map.of("AWS_LAMBDA_LOG_FORMAT", "JSON", "AWS_LAMBDA_LOG_LEVEL", "INFO"));
    assertThat(await(server.invoke("id-json", new byte[0], Map.of(), Framing.CONTENT_LENGTH, Fault.NONE)).bodyText()).isEqualTo("ok\n");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : json.awaitLog("plain words", "\"ERROR\"").split("\n")) {
      if (line.startsWith("{")) {
        lines.add(JSON.readTree(line));
      }
    }
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0).path("message").asText()).isEqualTo("init line");
    assertThat(lines.get(0).has("requestId")).isFalse();
    assertThat(lines.get(1).path("level").asText()).isEqualTo("INFO");
    assertThat(lines.get(1).path("message").asText()).isEqualTo("plain words");
    assertThat(lines.get(1).path("requestId").asText()).isEqualTo("id-json");
    assertThat(lines.get(1).path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(lines.get(2).path("level").asText()).isEqualTo("ERROR");
    assertThat(lines.get(2).path("message").asText()).isEqualTo("two\nlines \"quoted\"");
    assertThat(json.log()).doesNotContain("dropped at INFO");
  }

  @Test
  void lambdaRequireHeaderLetsTheSecretThroughAndAnswers401OtherwiseWithoutLoggingIt() throws Exception {
    String secret = "s3cr3t-'\"-\u00e9";
    file("handler.sh", """
        set -euxo pipefail
        run() {
          lambda_require_header X-Api-Key API_KEY
          echo "allowed"
        }
        """);
    BootstrapProcess p = start("handler.run", Map.of("API_KEY", secret));
    String event = "{\"version\":\"2.0\",\"headers\":{\"content-type\":\"text/plain\",\"x-api-key\":%s},\"body\":\"x\"}";
    Result ok = await(server.invoke(bytes(event.formatted(JSON.writeValueAsString(secret))), Framing.CONTENT_LENGTH));
    assertThat(ok.bodyText()).isEqualTo("allowed\n");
    for (String wrong : List.of("\"s3cr3t\"", "\"\"", "1")) {
      Result no = await(server.invoke(bytes(event.formatted(wrong)), Framing.CONTENT_LENGTH));
      assertThat(no.kind()).isEqualTo("response");
      JsonNode n = JSON.readTree(no.body());
      assertThat(n.path("statusCode").asInt()).as("header %s", wrong).isEqualTo(401);
      assertThat(no.bodyText()).doesNotContain("allowed");
    }
    Result missing = await(server.invoke(bytes("{\"headers\":{}}"), Framing.CHUNKED));
    assertThat(JSON.readTree(missing.body()).path("statusCode").asInt()).isEqualTo(401);
    assertThat(p.awaitLog("+ lambda_require_header X-Api-Key API_KEY")).doesNotContain("s3cr3t");
  }

  @Test
  void lambdaSecretFetchesSignedOnceCachesAndNeverLogsTheValue() throws Exception {
    String secret = "pa55-'\"-\u00e9 $(rm -rf x)\\n";
    String param = "param-value";
    file("handler.sh", """
        set -euxo pipefail
        run() {
          case "$(cat)" in
            secret) lambda_secret db/password v; printf 'len=%s' "${#v}"; lambda_secret db/password >"$TMPDIR/out" ;;
            ssm) lambda_secret ssm:/app/param ;;
            missing) lambda_secret no-such-secret v; echo "not reached $v" ;;
            missing-sub) v=$(lambda_secret no-such-secret); echo "not reached $v" ;;
          esac
        }
        """);
    try (var local = io.github.shelllambda.runtime.secrets.LocalSecrets.start(
        Map.of("db/password", secret, "ssm:/app/param", param))) {
      Map<String, String> env = new LinkedHashMap<>(local.environment());
      env.put("AWS_REGION", "eu-west-1");
      env.put("AWS_ACCESS_KEY_ID", "AKIDTESTKEY");
      env.put("AWS_SECRET_ACCESS_KEY", "very-secret-access-key");
      env.put("AWS_SESSION_TOKEN", "session-token-value");
      BootstrapProcess p = start("handler.run", env);

      Result first = await(server.invoke(bytes("secret"), Framing.CONTENT_LENGTH));
      assertThat(first.bodyText()).isEqualTo("len=" + secret.length());
      assertThat(local.requestCount()).as("one fetch, then the cache").isEqualTo(1);
      Path tmp = task.resolveSibling(task.getFileName() + "-tmp"); // BootstrapProcess's TMPDIR
      assertThat(Files.readString(tmp.resolve("out"), UTF_8)).isEqualTo(secret);
      Path cacheDir = tmp.resolve(".lambda-secrets");
      assertThat(Files.getPosixFilePermissions(cacheDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
      try (Stream<Path> files = Files.list(cacheDir)) {
        for (Path f : files.toList()) {
          assertThat(Files.getPosixFilePermissions(f)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
      }

      Result again = await(server.invoke(bytes("secret"), Framing.CONTENT_LENGTH));
      assertThat(again.bodyText()).isEqualTo("len=" + secret.length());
      assertThat(local.requestCount()).as("a later invocation in the same environment makes no request").isEqualTo(1);

      assertThat(await(server.invoke(bytes("ssm"), Framing.CONTENT_LENGTH)).bodyText()).isEqualTo(param);
      assertThat(local.requestCount()).isEqualTo(2);

      Result missing = await(server.invoke(bytes("missing"), Framing.CONTENT_LENGTH));
      assertThat(missing.errorType()).isEqualTo("SecretNotFound");
      assertThat(JSON.readTree(missing.body()).path("errorMessage").asText()).isEqualTo("no-such-secret");
      Result missingSub = await(server.invoke(bytes("missing-sub"), Framing.CONTENT_LENGTH));
      assertThat(missingSub.errorType()).as("in a command substitution, under set -e").isEqualTo("SecretNotFound");

      assertThat(p.awaitLog("+ lambda_secret db/password"))
          .doesNotContain("pa55").doesNotContain(param)
          .doesNotContain("very-secret-access-key").doesNotContain("session-token-value");
    }
  }

  @Test
  void lambdaSecretWithoutCredentialsIsSecretUnavailable() throws Exception {
    file("handler.sh", "run() { lambda_secret some-secret; }\n");
    BootstrapProcess p = start("handler.run", Map.of("AWS_REGION", "eu-west-1"));
    Result r = await(server.invoke(new byte[0], Framing.CONTENT_LENGTH));
    assertThat(r.errorType()).isEqualTo("SecretUnavailable");
    assertThat(JSON.readTree(r.body()).path("errorMessage").asText()).contains("AWS_ACCESS_KEY_ID");
    assertThat(p.isAlive()).isTrue();
  }

  @Test
  void aHandlersOwnFunctionOfAToolkitNameWins() throws Exception {
    file("handler.sh", "lambda_log() { echo \"mine: $*\"; }\nrun() { lambda_log INFO hi; lambda_json_string x; }\n");
    start("handler.run");
    // the second invocation runs after the long-lived shell loaded the toolkit: still the handler's
    for (int i = 0; i < 2; i++) {
      assertThat(await(server.invoke(new byte[0], Framing.CONTENT_LENGTH)).bodyText()).isEqualTo("mine: INFO hi\n\"x\"");
    }
  }

  @Test
  void theLongLivedShellLoadsTheToolkitOnlyAfterAnInvocationUsedIt() throws Exception {
    // each invocation is a fork of the long-lived shell: whether the toolkit's functions are
    // already defined there shows whether that shell loaded it (a shell that never needs it stays
    // smaller, and its forks cheaper)
    file("handler.sh", """
        run() {
          if declare -F __sl_lambda_log >/dev/null; then echo loaded; else echo not-loaded; fi
          if [[ $(cat) == use ]]; then lambda_log INFO "used" 2>/dev/null; fi
        }
        """);
    start("handler.run");
    List<String> seen = new ArrayList<>();
    for (String event : List.of("plain", "plain", "use", "plain", "use")) {
      seen.add(await(server.invoke(bytes(event), Framing.CONTENT_LENGTH)).bodyText().strip());
    }
    assertThat(seen).containsExactly("not-loaded", "not-loaded", "not-loaded", "loaded", "loaded");
  }

  @Test
  void theToolkitWorksWhateverAliasesAndOptionsTheHandlerFileSets() throws Exception {
    // the toolkit is loaded on first use, after the file defined these: they must not change it
    file("handler.sh", """
        set -Ceuvo pipefail
        shopt -s expand_aliases nocasematch failglob
        IFS=x
        alias local='echo hijacked-alias;' if='echo hijacked-if;' __sl_json_to='echo hijacked-internal;'
        for f in printf shift return source shopt exit sha256sum; do
          eval "$f() { echo hijacked-$f; return 1; }"
        done
        run() {
          builtin declare -F __sl_lambda_http >/dev/null && builtin printf 'preloaded\n' || builtin printf 'fresh\n'
          lambda_json_string 'quote " here'
          builtin printf '\n'
          builtin printf 'body' | lambda_http 200 -H 'X-A: b'
          builtin printf 'ended %s\n' "$LAMBDA_RUNTIME_AWS_REQUEST_ID" >&2
        }
        """);
    BootstrapProcess p = start("handler.run");
    // the first loads the toolkit in the invocation (and marks it used, noclobber or not), the
    // second has it from the long-lived shell
    String last = "";
    for (String first : List.of("fresh", "preloaded")) {
      Result r = await(server.invoke(new byte[0], Framing.CONTENT_LENGTH));
      assertThat(r.bodyText())
          .isEqualTo(first + "\n\"quote \\\" here\"\n{\"statusCode\":200,\"headers\":{\"x-a\":\"b\"},\"body\":\"body\",\"isBase64Encoded\":false}");
      last = r.requestId();
    }
    // set -v echoes the handler file itself into the log, but never the toolkit's text (the log,
    // read by another thread, is complete up to the last invocation's own line)
    assertThat(p.awaitLog("ended " + last)).doesNotContainPattern("(?m)^hijacked").doesNotContain("__sl_plain_re");
  }

  @Test
  void theEventIsPassedAsTheFirstArgumentOnlyWhenAskedFor() throws Exception {
    file("handler.sh", "run() { printf '%d:%s|' \"$#\" \"${1-}\"; cat; }\n");
    start("handler.run", Map.of("SHELL_LAMBDA_EVENT_ARG", "1"));
    String event = "{\"a\": \"it's $(id) `x`\"}\n";
    assertThat(await(server.invoke(bytes(event), Framing.CONTENT_LENGTH)).bodyText()).isEqualTo("1:" + event + "|" + event);
    assertThat(task.resolve("pwned")).doesNotExist();
    server.close();
    server = new RuntimeApiTestServer();
    start("handler.run");
    assertThat(await(server.invoke(bytes("ev"), Framing.CONTENT_LENGTH)).bodyText()).isEqualTo("0:|ev");
  }

  /** Runs the binary in a helper mode with stdin; returns exit status and stdout. */
  record Helper(int status, byte[] out) {
    String text() {
      return new String(out, UTF_8);
    }
  }

  Helper helper(byte[] stdin, String... args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(target().command(args));
    pb.environment().put("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0:exitcode=99");
    pb.environment().put("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1:exitcode=98");
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
      try {
        return p.getInputStream().readAllBytes();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    try (var in = p.getOutputStream()) {
      in.write(stdin);
    } catch (IOException ignored) {
      // the helper may exit without reading everything
    }
    assertThat(p.waitFor(WAIT, TimeUnit.SECONDS)).isTrue();
    return new Helper(p.exitValue(), out.get(WAIT, TimeUnit.SECONDS));
  }

  @Test
  void theEventHeaderHelperReadsOnlyTopLevelHeadersOfAnyJsonSafely() throws Exception {
    String name = "X-Api-Key";
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("{\"headers\":{\"x-api-\\u004bey\":\"a\\\"b\\\\c\\u00e9\\ud83d\\ude00\\/\"}}", "a\"b\\c\u00e9\ud83d\ude00/");
    cases.put("{\"a\":{\"headers\":{\"x-api-key\":\"nested\"}},\"b\":[1,true,null,-2.5e3,{\"c\":[]}],\"headers\":{\"other\":\"o\",\"X-API-KEY\":\"top\"}}", "top");
    cases.put("  {\"headers\" : { \"x-api-key\" : \"spaced\" } }  ", "spaced");
    cases.put("{\"headers\":{\"x-api-key\":\"ab", "");
    cases.put("{\"headers\":\"x-api-key\"}", "");
    cases.put("{\"headers\":{\"x-api-key\":123}}", "");
    cases.put("{\"headers\":{\"x-api-key\":\"lone \\ud800 surrogate\"}}", "lone \ufffd surrogate");
    cases.put("[" .repeat(100_000), "");
    cases.put("{\"x\":" + "[".repeat(100_000) + "],\"headers\":{\"x-api-key\":\"deep\"}}", "");
    cases.put("", "");
    cases.put("\"just a string\"", "");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Helper h = helper(bytes(c.getKey()), "--event-header", name);
      String shown = c.getKey().length() > 60 ? c.getKey().substring(0, 60) + "..." : c.getKey();
      assertThat(h.status()).as("status for %s", shown).isZero();
      assertThat(h.text()).as("value for %s", shown).isEqualTo(c.getValue());
    }
  }

  @Test
  void helperModesRefuseBadArgumentsWithStatusTwo() throws Exception {
    assertThat(helper(new byte[0], "--http-response", "abc").status()).isEqualTo(2);
    assertThat(helper(new byte[0], "--http-response", "200", "-H", "no colon").status()).isEqualTo(2);
    assertThat(helper(new byte[0], "--http-response", "200", "-H", "Bad Name: v").status()).isEqualTo(2);
    assertThat(helper(new byte[0], "--http-response", "200", "--bogus").status()).isEqualTo(2);
    assertThat(helper(new byte[0], "--http-response", "200", "-H").status()).isEqualTo(2);
    assertThat(helper(bytes("a\u00e9\n\n"), "--json-string").text()).isEqualTo("\"a\u00e9\\n\"");
    assertThat(helper(new byte[0], "--json-field").status()).isEqualTo(2);
  }

  @Test
  void theJsonFieldHelperReadsAStringAtAPathExactly() throws Exception {
    String answer = "{\"ARN\":\"a\",\"Parameter\":{\"Name\":\"/x\",\"Value\":\"v\\\"\\n\\u00e9\\n\"},\"SecretString\":\"s\"}";
    Helper value = helper(bytes(answer), "--json-field", "Parameter", "Value");
    assertThat(value.status()).isZero();
    assertThat(value.text()).isEqualTo("v\"\n\u00e9\n");
    assertThat(helper(bytes(answer), "--json-field", "SecretString").text()).isEqualTo("s");
    assertThat(helper(bytes(answer), "--json-field", "secretstring").status()).as("names match exactly").isEqualTo(1);
    assertThat(helper(bytes(answer), "--json-field", "Parameter").status()).as("not a string").isEqualTo(1);
    assertThat(helper(bytes("{\"a\":"), "--json-field", "b").status()).as("malformed").isEqualTo(2);
    assertThat(helper(bytes("[" .repeat(100_000)), "--json-field", "a").status()).isEqualTo(2);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  // ---- init errors ----

  static Stream<Arguments> initErrors() {
    return Stream.of(
        Arguments.of("unset", null, "Runtime.NoHandler", "_HANDLER is not set"),
        Arguments.of("empty", "", "Runtime.NoHandler", "_HANDLER is not set"),
        Arguments.of("no function", "handler.", "Runtime.MalformedHandler", "'handler.'"),
        Arguments.of("no file", ".run", "Runtime.MalformedHandler", "'.run'"),
        Arguments.of("bad function name", "handler.1run", "Runtime.MalformedHandler", "'handler.1run'"),
        Arguments.of("missing file", "missing.run", "Runtime.HandlerFileNotFound", "missing.sh does not exist"),
        Arguments.of("directory", "folder.run", "Runtime.HandlerFileNotReadable", "not a regular file"),
        Arguments.of("not executable", "plain", "Runtime.HandlerNotExecutable", "is not executable"),
        Arguments.of("function missing", "nofunction.run", "Runtime.HandlerFunctionNotFound", "does not define the function 'run'"),
        Arguments.of("syntax error", "syntax.run", "Function.InitFailed", "syntax error"),
        Arguments.of("exit at top level", "exits.run", "Function.InitFailed", "status 1"),
        Arguments.of("set -e failure at top level", "errexit.run", "Function.InitFailed", "status 4"),
        Arguments.of("bash missing", "handler.run", "Runtime.NoShell", "cannot run bash"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("initErrors")
  void everyInitFailureIsPostedToInitErrorAndTheBootstrapExits(
      String name, String handler, String errorType, String message) throws Exception {
    file("handler.sh", "run() { cat; }\n");
    Files.createDirectories(task.resolve("folder.sh"));
    file("plain", "#!/bin/bash\ncat\n");
    file("nofunction.sh", "echo sourced\n");
    file("syntax.sh", "run() { cat; }\nif then fi\n");
    file("exits.sh", "echo leaving >&2\nexit 1\nrun() { cat; }\n");
    file("errexit.sh", "set -e\nrun() { cat; }\n(exit 4)\n");
    Map<String, String> env = new LinkedHashMap<>();
    if (errorType.equals("Runtime.NoShell")) {
      env.put("PATH", dir.resolve("no-such-dir").toString());
    }
    BootstrapProcess p = start(handler, env);
    Result r = await(server.initError());
    JsonNode n = errorBody(r);
    assertThat(n.path("errorType").asText()).isEqualTo(errorType);
    assertThat(n.path("errorMessage").asText()).contains(message);
    assertThat(p.waitForExit(WAIT)).as("exit status; log:\n%s", p.log()).isNotZero();
    p.awaitLog("init failed (" + errorType + ")");
    assertThat(server.requests()).noneMatch(q -> q.path().endsWith("/next"));
  }

  @Test
  void anUnreadableHandlerFileIsAnInitError() throws Exception {
    assumeTrue(!"root".equals(System.getProperty("user.name")), "root reads every file: the directory case covers this as root");
    file("handler.sh", "run() { cat; }\n");
    Files.setPosixFilePermissions(task.resolve("handler.sh"), PosixFilePermissions.fromString("-w-------"));
    BootstrapProcess p = start("handler.run");
    assertThat(errorBody(await(server.initError())).path("errorType").asText()).isEqualTo("Runtime.HandlerFileNotReadable");
    assertThat(p.waitForExit(WAIT)).isNotZero();
  }

  @Test
  void aFileWhoseLastCommandReturnsNonZeroStillInitialises() throws Exception {
    // Not an error when bash runs a script, so not one here: only syntax errors, exit, set -e
    // failures and signals fail init.
    file("handler.sh", "run() { cat; }\n[[ -n ${NOT_SET_ANYWHERE:-} ]] && echo never\n");
    start("handler.run");
    assertThat(await(server.invoke(bytes("still here\n"), Framing.CONTENT_LENGTH)).bodyText())
        .isEqualTo("still here\n");
    assertThat(server.requests()).noneMatch(q -> q.path().endsWith("/init/error"));
  }

  @Test
  void aSyntaxErrorPastTheFunctionFailsInitBeforeAnyTopLevelCodeRuns() throws Exception {
    file("handler.sh", "echo top-level-ran > \"$TMPDIR/ran\"\nrun() { cat; }\ncase x in\n");
    BootstrapProcess p = start("handler.run");
    JsonNode n = errorBody(await(server.initError()));
    assertThat(n.path("errorType").asText()).isEqualTo("Function.InitFailed");
    assertThat(n.path("errorMessage").asText()).contains("syntax error");
    assertThat(p.waitForExit(WAIT)).isNotZero();
    assertThat(task.resolveSibling(task.getFileName() + "-tmp").resolve("ran")).doesNotExist();
  }

  @Test
  void theSyntaxCheckRunsNothingAndTopLevelCodeRunsExactlyOnce() throws Exception {
    // the check parses the file in the long-lived shell without executing it: top-level commands,
    // subshells, command substitutions and functions must each run once (in the real sourcing)
    file("handler.sh", """
        echo top >> "$TMPDIR/ran"
        (echo subshell >> "$TMPDIR/ran")
        x=$(echo substitution >> "$TMPDIR/ran")
        f() { echo function >> "$TMPDIR/ran"; }
        f
        trap 'echo debug-trap >> "$TMPDIR/ran"' DEBUG
        trap - DEBUG
        run() { cat "$TMPDIR/ran"; }
        """);
    start("handler.run");
    assertThat(await(server.invoke(new byte[0], Framing.CONTENT_LENGTH)).bodyText())
        .isEqualTo("top\nsubshell\nsubstitution\nfunction\ndebug-trap\n");
  }

  // ---- the Runtime API misbehaving ----

  @Test
  void nextAnswered500ExitsWithAOneLineReason() throws Exception {
    file("handler.sh", CAT);
    BootstrapProcess p = start("handler.run");
    server.invoke(new byte[0], Framing.CONTENT_LENGTH, Fault.NEXT_500);
    assertThat(p.waitForExit(WAIT)).isNotZero();
    assertThat(p.awaitLog("HTTP 500", "exiting")).containsOnlyOnce("HTTP 500");
  }

  @Test
  void connectionRefusedExitsAfterAShortBoundedRetry() throws Exception {
    file("handler.sh", CAT);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    BootstrapProcess p = BootstrapProcess.start(target(), "127.0.0.1:" + port, task, "handler.run", Map.of());
    started.add(p);
    assertThat(p.waitForExit(WAIT)).isNotZero();
    assertThat(p.awaitLog("connection refused")).hasLineCount(1);
  }

  @Test
  void aResponseRefusedWith413IsLoggedAndTheNextInvocationServed() throws Exception {
    file("handler.sh", CAT);
    BootstrapProcess p = start("handler.run");
    Result refused = await(server.invoke(payload(1000, 1), Framing.CONTENT_LENGTH, Fault.RESPONSE_413));
    assertThat(refused.answeredStatus()).isEqualTo(413);
    Result next = await(server.invoke(bytes("next"), Framing.CONTENT_LENGTH));
    assertThat(next.bodyText()).isEqualTo("next");
    // logged before the next GET /next, but read from the pipe by a pump thread: wait for it
    p.awaitLog("refused the response of " + refused.requestId(), "(HTTP 413)");
    assertThat(p.isAlive()).isTrue();
  }

  @Test
  void connectionsClosedByTheServerAreReopened() throws Exception {
    file("handler.sh", CAT);
    BootstrapProcess p = start("handler.run");
    Result a = await(server.invoke(bytes("after close"), Framing.CONTENT_LENGTH, Fault.CLOSE_AFTER_ANSWER));
    Result b = await(server.invoke(payload(5000, 2), Framing.CHUNKED, Fault.CLOSE_BEFORE_ANSWER));
    Result dropped = await(server.invoke(payload(100_000, 3), Framing.CONTENT_LENGTH, Fault.CLOSE_MID_BODY));
    byte[] last = payload(3000, 4);
    Result c = await(server.invoke(last, Framing.CHUNKED, Fault.CLOSE_MID_BODY));
    Result d = await(server.invoke(last, Framing.CHUNKED));
    assertThat(a.bodyText()).isEqualTo("after close");
    assertThat(b.body()).isEqualTo(payload(5000, 2));
    assertThat(dropped.kind()).isEqualTo("dropped");
    assertThat(c.kind()).isEqualTo("dropped");
    assertThat(d.body()).isEqualTo(last);
    assertThat(server.connections()).isGreaterThanOrEqualTo(5);
    assertThat(p.isAlive()).isTrue();
  }

  @Test
  void theConnectionOpenedWhileBashStartsIsReplacedWhenTheServerClosesItDuringInit() throws Exception {
    // The bootstrap connects while bash starts (the server's accept is then off the path to the
    // first GET /next); a server that drops the idle connection during a long init costs nothing.
    Path sourcing = dir.resolve("sourcing");
    Path go = dir.resolve("go");
    file("handler.sh", "touch '" + sourcing + "'\nuntil [ -e '" + go + "' ]; do sleep 0.01; done\n" + CAT);
    BootstrapProcess p = start("handler.run");
    Await.until(
        "the handler file being sourced with one connection open (connections: " + server.connections() + ")",
        () -> Files.exists(sourcing) && server.connections() == 1);
    assertThat(server.requests()).as("nothing requested before the handler is ready").isEmpty();
    server.closeConnections();
    Files.createFile(go);
    byte[] ev = payload(3000, 9);
    assertThat(await(server.invoke(ev, Framing.CONTENT_LENGTH)).body()).isEqualTo(ev);
    assertThat(server.connections()).isEqualTo(2);
    assertThat(p.isAlive()).isTrue();
  }

  @Test
  void aServerWithNagleAndHeadAndBodyInSeparateSegmentsIsServed() throws Exception {
    // The timing (no ~40 ms delayed-ACK stall per invocation, thanks to TCP_QUICKACK) is measured
    // by scripts/bench-bootstrap.sh (BENCHMARKS.md); this checks the server mode end to end.
    server.close();
    server = new RuntimeApiTestServer(true);
    file("handler.sh", CAT);
    start("handler.run");
    for (int i = 0; i < 10; i++) {
      byte[] ev = payload(64 + i * 1000, i);
      assertThat(await(server.invoke(ev, Framing.CONTENT_LENGTH)).body()).isEqualTo(ev);
    }
    assertThat(server.connections()).isEqualTo(1);
  }

  @Test
  void aSlowServerTricklingBytesIsReadCorrectly() throws Exception {
    file("handler.sh", CAT);
    start("handler.run");
    byte[] ev = payload(2500, 5);
    assertThat(await(server.invoke(ev, Framing.CHUNKED, Fault.SLOW)).body()).isEqualTo(ev);
    assertThat(await(server.invoke(ev, Framing.CONTENT_LENGTH, Fault.SLOW)).body()).isEqualTo(ev);
  }

  // ---- no leaks ----

  @Test
  void openFdsAndChildProcessesStayPutOverManyInvocations() throws Exception {
    file("handler.sh", "set -euo pipefail\nrun() { cat; echo done >&2; }\n");
    BootstrapProcess p = start("handler.run");
    assertLeakFree(p, 40);
  }

  void assertLeakFree(BootstrapProcess p, int invocations) throws Exception {
    assertThat(await(server.invoke(bytes("first"), Framing.CONTENT_LENGTH)).bodyText()).isEqualTo("first");
    // counted while the bootstrap waits in GET /next, the same point of its loop each time
    server.awaitIdle();
    long fds = p.openFds();
    long children = p.settledDescendants();
    CompletableFuture<Result> last = null;
    for (int i = 1; i < invocations; i++) {
      // a few at a time keeps the server queue short while the bootstrap works
      last = server.invoke(i % 2 == 0 ? bytes("e" + i) : payload(3000, i), i % 3 == 0 ? Framing.CHUNKED : Framing.CONTENT_LENGTH);
      if (i % 50 == 0 || i == invocations - 1) {
        assertThat(await(last).kind()).isEqualTo("response");
      }
    }
    server.awaitIdle();
    assertThat(p.openFds()).as("open fds after %d invocations", invocations).isEqualTo(fds);
    assertThat(p.settledDescendants()).as("processes under the bootstrap after %d invocations", invocations).isEqualTo(children);
  }

  @Test
  void nothingTheBootstrapStartedOutlivesIt() throws Exception {
    file("handler.sh", CAT);
    BootstrapProcess p = start("handler.run");
    assertThat(await(server.invoke(bytes("one"), Framing.CONTENT_LENGTH)).bodyText()).isEqualTo("one");
    server.awaitIdle();
    p.settledDescendants();
    // the handler shell and the subshell already forked for the next invocation
    List<ProcessHandle> below = p.descendantHandles();
    assertThat(below).as("processes under the idle bootstrap").hasSizeGreaterThanOrEqualTo(2);
    p.kill();
    for (ProcessHandle h : below) {
      try {
        h.onExit().get(WAIT, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError("process " + h.pid() + " " + h.info().commandLine().orElse("") + " outlived the bootstrap by " + WAIT + " s");
      }
    }
  }
}
