package io.github.shelllambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.shelllambda.runtime.env.ExecutionEnvironment;
import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.function.InvokeRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, fault 12: a function closed (reload, Ctrl-C) while an invocation runs lets it finish
 * when drained, and otherwise ends it with a true message, never "Task timed out" nor an
 * unreadable output file.
 */
class LocalFunctionStopTest {
  @TempDir Path dir;

  /** A handler that marks its start, then waits until the test lets it go (or 60 s). */
  private static final String WAITING = """
      run() {
        cat >/dev/null
        touch "$MARK"
        local n=0
        while [ ! -e "$GO" ] && [ $n -lt 1200 ]; do sleep 0.05; n=$((n + 1)); done
        echo 'partial output before the end' >&2
        printf '{"done":true}'
      }
      """;

  private LocalFunction start(List<String> log) throws Exception {
    return TestFunctions.function(dir.resolve("fn"), WAITING)
        .configuration(TestFunctions.config("stop-fn").timeoutSeconds(90)
            .environmentVariable("MARK", dir.resolve("started").toString())
            .environmentVariable("GO", dir.resolve("go").toString()).build())
        .logSink(log::add)
        .start();
  }

  private void awaitStarted() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(dir.resolve("started"))) {
      assertThat(System.nanoTime()).as("the handler did not start within 60 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @Test
  void closeDuringAnInvocationEndsItWithATrueMessage() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    LocalFunction fn = start(log);
    CompletableFuture<Invocation> running = CompletableFuture.supplyAsync(() -> fn.invoke(InvokeRequest.of("{}")));
    awaitStarted();

    fn.close();
    Invocation inv = running.get(60, TimeUnit.SECONDS);

    assertThat(inv.error()).hasValueSatisfying(e -> {
      assertThat(e.errorType()).isEqualTo(ExecutionEnvironment.STOPPED_ERROR_TYPE);
      assertThat(e.errorMessage()).contains("the local function was stopped (reloaded or shut down)");
    });
    assertThat(inv.log()).contains("Error: the local function was stopped").doesNotContain("Task timed out")
        .doesNotContain("cannot read");
    assertThat(log).noneMatch(l -> l.contains("Task timed out") || l.contains("cannot read"));
    assertThat(inv.report().toLogLine()).startsWith("REPORT RequestId: " + inv.requestId());
  }

  @Test
  void drainAndCloseLetsTheRunningInvocationFinish() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    LocalFunction fn = start(log);
    CompletableFuture<Invocation> running = CompletableFuture.supplyAsync(() -> fn.invoke(InvokeRequest.of("{}")));
    awaitStarted();

    CompletableFuture<Boolean> draining = CompletableFuture.supplyAsync(fn::drainAndClose);
    // The drain waits for the invocation: it cannot be done while the handler still waits.
    assertThat(fn.drain(Duration.ofMillis(300))).isFalse();
    assertThat(draining).isNotDone();
    Files.createFile(dir.resolve("go"));

    Invocation inv = running.get(60, TimeUnit.SECONDS);
    assertThat(draining.get(60, TimeUnit.SECONDS)).isTrue();
    assertThat(inv.error()).isEmpty();
    assertThat(inv.payloadAsString()).isEqualTo("{\"done\":true}");
    assertThat(inv.log()).contains("partial output before the end").doesNotContain("Task timed out");
    assertThat(fn.workDirectory()).doesNotExist();
  }

  @Test
  void aClosedFunctionForwardsLateInvocationsToItsSuccessor() throws Exception {
    LocalFunction old = TestFunctions.function(dir.resolve("old"), "run() { cat >/dev/null; printf old; }\n")
        .configuration(TestFunctions.config("fwd").build()).start();
    try (LocalFunction next = TestFunctions.function(dir.resolve("new"), "run() { cat >/dev/null; printf new; }\n")
        .configuration(TestFunctions.config("fwd").build()).start()) {
      old.close();
      assertThatThrownBy(() -> old.invoke(InvokeRequest.of("{}"))).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is closed");
      old.forwardTo(next);
      Invocation inv = old.invoke(InvokeRequest.of("{}"));
      assertThat(inv.error()).isEmpty();
      assertThat(inv.payloadAsString()).isEqualTo("new");
    }
  }
}
