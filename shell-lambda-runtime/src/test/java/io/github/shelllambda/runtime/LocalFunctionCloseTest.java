package io.github.shelllambda.runtime;

import io.github.shelllambda.runtime.frontdoor.FrontDoor;
import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.function.InvokeRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** close() leaves no process, no thread and no temporary folder behind, even mid-invocation. */
class LocalFunctionCloseTest {
  @TempDir Path dir;

  static Set<String> ourThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("shell-lambda-close-fn") || n.startsWith("shell-lambda-front-door"))
        .collect(Collectors.toSet());
  }

  @Test
  void closeKillsEverythingAndRemovesItsFolder() throws Exception {
    LocalFunction fn =
        TestFunctions.function(dir, "run() { sleep 30 & wait; }\n").configuration(TestFunctions.config("close-fn").timeoutSeconds(60).build()).start();
    FrontDoor door = FrontDoor.start(0, fn);
    CompletableFuture<Invocation> running = CompletableFuture.supplyAsync(() -> fn.invoke(InvokeRequest.of("{}")));
    Invocation warmup;
    Await.until(
        "the handler's sleep to start",
        () -> ProcessHandle.current().descendants().anyMatch(p -> p.info().command().orElse("").endsWith("sleep")));
    Path work = fn.workDirectory();
    assertThat(work.resolve("env-1/tmp")).isDirectory();
    assertThat(ourThreads()).isNotEmpty();
    java.util.List<Long> started = ProcessHandle.current().descendants().map(ProcessHandle::pid).toList();
    assertThat(started).hasSizeGreaterThanOrEqualTo(3); // bootstrap, bash, sleep
    door.close();
    fn.close();
    warmup = running.get(Await.DEFAULT.toSeconds(), TimeUnit.SECONDS);
    assertThat(warmup.error()).isPresent();
    // close() sent SIGKILL and stopped the threads; the kernel and the JVM finish that a moment
    // later. Re-parented grandchildren are no longer our descendants: check every pid seen running.
    Await.until(
        Await.DEFAULT,
        () -> "no process left behind; still running: " + started.stream().filter(FailureSemanticsTest::running).toList(),
        () -> started.stream().noneMatch(FailureSemanticsTest::running));
    Await.until(Await.DEFAULT, () -> "no thread left behind; still alive: " + ourThreads(), () -> ourThreads().isEmpty());
    assertThat(work).doesNotExist();
  }
}
