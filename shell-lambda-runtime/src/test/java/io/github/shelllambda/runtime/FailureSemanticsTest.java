package io.github.shelllambda.runtime;

import io.github.shelllambda.runtime.function.InvalidRequestContentException;
import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.function.InvokeRequest;
import io.github.shelllambda.runtime.function.LambdaServiceException;
import io.github.shelllambda.runtime.function.LogSink;
import io.github.shelllambda.runtime.function.RequestTooLargeException;
import io.github.shelllambda.runtime.function.TooManyRequestsException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lambda's failure semantics with the real bootstrap and real bash handlers. */
class FailureSemanticsTest {
  @TempDir Path dir;

  @Test
  void timeoutKillsTheTreeAndTheNextInvokeColdStarts() throws Exception {
    String handler =
        "run() { local ev; ev=$(cat); if [[ $ev == *slow* ]]; then sleep 30 & echo \"child=$!\" >&2; wait; fi; echo '\"ok\"'; }\n";
    try (LocalFunction fn = TestFunctions.function(dir, handler).configuration(TestFunctions.config("fn").timeoutSeconds(1).build()).start()) {
      Invocation slow = fn.invoke(InvokeRequest.of("\"slow\""));
      assertThat(slow.error()).isPresent();
      assertThat(slow.error().get().errorType()).isEqualTo("Sandbox.Timedout");
      assertThat(slow.error().get().errorMessage()).endsWith("Task timed out after 1.00 seconds");
      assertThat(slow.payloadAsString()).contains("\"errorType\":\"Sandbox.Timedout\"");
      assertThat(slow.log()).contains("Task timed out after 1.00 seconds").contains("Status: timeout");
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("child=(\\d+)").matcher(slow.log());
      assertThat(m.find()).as(slow.log()).isTrue();
      long child = Long.parseLong(m.group(1));
      // SIGKILL was sent before the invocation returned; the kernel ends the process right after
      Await.until("the handler's sleep " + child + " to be killed", () -> !running(child));

      Invocation next = fn.invoke(InvokeRequest.of("\"fast\""));
      assertThat(next.error()).isEmpty();
      assertThat(next.coldStart()).isTrue();
      assertThat(next.payloadAsString()).isEqualTo("\"ok\"\n");
      assertThat(next.report().initDurationMs()).isPresent();
    }
  }

  /** Alive and not a zombie (a container's init may not reap re-parented children). */
  static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void runtimeKilledMidInvokeIsRuntimeExitError() throws Exception {
    // The handler kills the session leader: the bootstrap itself.
    String handler = "run() { kill -9 \"$(cut -d' ' -f6 /proc/self/stat)\"; sleep 5; }\n";
    try (LocalFunction fn = TestFunctions.function(dir, handler).start()) {
      Invocation inv = fn.invoke(InvokeRequest.of("{}"));
      assertThat(inv.error()).isPresent();
      assertThat(inv.error().get().errorType()).isEqualTo("Runtime.ExitError");
      assertThat(inv.error().get().errorMessage()).contains("Runtime exited with error: signal: killed");
      assertThat(inv.log()).contains("Runtime.ExitError");
    }
  }

  @Test
  void customBootstrapInTheFunctionZipWinsAndItsExitStatusIsReported() throws Exception {
    String bootstrap =
        String.join(
            "\n",
            "#!/bin/bash",
            "api=\"http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime\"",
            "while true; do",
            "  hdrs=$(mktemp)",
            "  body=$(curl -sS -D \"$hdrs\" \"$api/invocation/next\")",
            "  id=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' \"$hdrs\" | cut -d' ' -f2 | tr -d '\\r')",
            "  if [[ $body == *crash* ]]; then echo 'custom bootstrap exiting' >&2; exit 3; fi",
            "  if [[ $body == *err* ]]; then",
            "    curl -sS -X POST \"$api/invocation/$id/error\" -H 'Lambda-Runtime-Function-Error-Type: Function.Custom' -d '{\"errorMessage\":\"custom failure\"}' >/dev/null",
            "    continue",
            "  fi",
            "  curl -sS -X POST \"$api/invocation/$id/response\" -d '{\"custom\":true}' >/dev/null",
            "done",
            "");
    Path zip =
        TestFunctions.zip(
            dir.resolve("custom.zip"),
            Map.of("bootstrap", bootstrap.getBytes(StandardCharsets.UTF_8), "handler.sh", "run() { :; }\n".getBytes()));
    try (LocalFunction fn =
        LocalFunction.builder()
            .functionZip(zip)
            .layer(TestFunctions.bootstrapLayer(dir, TestFunctions.host()))
            .configuration(TestFunctions.config("custom").build())
            .start()) {
      Invocation ok = fn.invoke(InvokeRequest.of("{}"));
      assertThat(ok.payloadAsString()).isEqualTo("{\"custom\":true}");
      Invocation err = fn.invoke(InvokeRequest.of("\"err\""));
      assertThat(err.error().get().errorType()).as("the error-type header").isEqualTo("Function.Custom");
      assertThat(err.error().get().errorMessage()).isEqualTo("custom failure");
      assertThat(err.payloadAsString()).isEqualTo("{\"errorMessage\":\"custom failure\"}");
      Invocation crash = fn.invoke(InvokeRequest.of("\"crash\""));
      assertThat(crash.error().get().errorType()).isEqualTo("Runtime.ExitError");
      assertThat(crash.error().get().errorMessage()).endsWith("Runtime exited with error: exit status 3");
      assertThat(crash.log()).contains("custom bootstrap exiting");
      Invocation again = fn.invoke(InvokeRequest.of("{}"));
      assertThat(again.coldStart()).isTrue();
      assertThat(again.payloadAsString()).isEqualTo("{\"custom\":true}");
    }
  }

  @Test
  void initFailureIsReturnedAndTheNextInvokeRetriesInit() throws Exception {
    String handler =
        "if [ ! -e \"$TMPDIR/ok\" ]; then touch \"$TMPDIR/ok\"; echo 'init broken' >&2; exit 1; fi\n"
            + "run() { echo '\"fine\"'; }\n";
    try (LocalFunction fn = TestFunctions.function(dir, handler).start()) {
      Invocation first = fn.invoke(InvokeRequest.of("{}"));
      assertThat(first.error()).isPresent();
      assertThat(first.log()).contains("init broken").contains("INIT_REPORT").contains("Status: error");
      Invocation second = fn.invoke(InvokeRequest.of("{}"));
      assertThat(second.error()).isEmpty();
      assertThat(second.coldStart()).isTrue();
      assertThat(second.payloadAsString()).isEqualTo("\"fine\"\n");
    }
  }

  @Test
  void initOverTheLimitIsRetriedUnderTheFunctionTimeoutSoTheCallerIsNotHung() throws Exception {
    // A short init limit (Lambda's 10 s one is exercised in InitLimitTest).
    String handler = "sleep 30\nrun() { echo never; }\n";
    try (LocalFunction fn =
        TestFunctions.function(dir, handler)
            .initTimeout(Duration.ofMillis(300))
            .configuration(TestFunctions.config("fn").timeoutSeconds(1).build())
            .start()) {
      Invocation inv = fn.invoke(InvokeRequest.of("{}"));
      assertThat(inv.error().get().errorType()).isEqualTo("Sandbox.Timedout");
      assertThat(inv.log()).contains("Phase: init\tStatus: timeout").contains("Phase: invoke\tStatus: timeout");
    }
  }

  @Test
  void oversizeResponseIsFunctionResponseSizeTooLarge() throws Exception {
    String handler =
        "run() { local ev; ev=$(cat); if [[ $ev == *big* ]]; then head -c 6300000 /dev/zero | tr '\\0' a; else echo '\"small\"'; fi; }\n";
    try (LocalFunction fn = TestFunctions.function(dir, handler).start()) {
      Invocation big = fn.invoke(InvokeRequest.of("\"big\""));
      assertThat(big.error().get().errorType()).isEqualTo("Function.ResponseSizeTooLarge");
      assertThat(big.error().get().errorMessage()).contains("6291556 bytes");
      assertThat(fn.invoke(InvokeRequest.of("{}")).payloadAsString()).isEqualTo("\"small\"\n");
    }
  }

  @Test
  void requestsAreCheckedAsTheInvokeApiDoes() throws Exception {
    try (LocalFunction fn = TestFunctions.function(dir, "run() { cat; }\n").start()) {
      byte[] big = new byte[LocalFunction.MAX_REQUEST_BYTES + 1];
      assertThatThrownBy(() -> fn.invoke(InvokeRequest.of(big)))
          .isInstanceOf(RequestTooLargeException.class)
          .satisfies(e -> assertThat(((LambdaServiceException) e).statusCode()).isEqualTo(413));
      assertThatThrownBy(() -> fn.invoke(InvokeRequest.of("hello")))
          .isInstanceOf(InvalidRequestContentException.class)
          .satisfies(e -> assertThat(((LambdaServiceException) e).statusCode()).isEqualTo(400));
      assertThatThrownBy(() -> fn.invoke(InvokeRequest.of("{} {}"))).isInstanceOf(InvalidRequestContentException.class);
      assertThat(fn.environmentCount()).isZero();
    }
  }

  @Test
  void beyondMaxConcurrencyIsTooManyRequests() throws Exception {
    // The first invocation holds the only environment until the test lets it go (its own loop is
    // bounded by the function timeout): however slow the machine, the second one finds it busy.
    Path started = dir.resolve("started");
    Path release = dir.resolve("release");
    String handler =
        "run() { touch '" + started + "'; while [[ ! -e '" + release + "' ]]; do sleep 0.05; done; echo 1; }\n";
    try (LocalFunction fn = TestFunctions.function(dir, handler).maxConcurrency(1).configuration(TestFunctions.config("fn").timeoutSeconds(120).build()).start()) {
      CompletableFuture<Invocation> busy = CompletableFuture.supplyAsync(() -> fn.invoke(InvokeRequest.of("{}")));
      Await.until("the first invocation's handler to start", () -> Files.exists(started));
      assertThatThrownBy(() -> fn.invoke(InvokeRequest.of("{}")))
          .isInstanceOf(TooManyRequestsException.class)
          .satisfies(e -> assertThat(((LambdaServiceException) e).statusCode()).isEqualTo(429));
      Files.createFile(release);
      assertThat(busy.get(Await.DEFAULT.toSeconds(), TimeUnit.SECONDS).payloadAsString()).isEqualTo("1\n");
    }
  }

  @Test
  void noBootstrapIsRuntimeInvalidEntrypoint() throws Exception {
    java.util.List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (LocalFunction fn =
        LocalFunction.builder()
            .functionZip(TestFunctions.handlerZip(dir, "run() { :; }\n"))
            .configuration(TestFunctions.config("no-bootstrap").build())
            .logSink(
                new LogSink() {
                  public void line(String line) {}

                  public void warning(String message) {
                    warnings.add(message);
                  }
                })
            .start()) {
      assertThat(warnings).anyMatch(w -> w.contains("no bootstrap"));
      Invocation inv = fn.invoke(InvokeRequest.of("{}"));
      assertThat(inv.error().get().errorType()).isEqualTo("Runtime.InvalidEntrypoint");
      assertThat(inv.error().get().errorMessage()).contains("Couldn't find valid bootstrap(s)");
    }
  }
}
