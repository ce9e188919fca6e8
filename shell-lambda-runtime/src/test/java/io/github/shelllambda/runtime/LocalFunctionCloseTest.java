package io.github.shelllambda.runtime;

import io.github.shelllambda.runtime.frontdoor.FrontDoor;
import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.function.InvokeRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
    while (ProcessHandle.current().descendants().noneMatch(p -> p.info().command().orElse("").endsWith("sleep"))) {
      Thread.sleep(10);
    }
    Path work = fn.workDirectory();
    assertThat(work.resolve("env-1/tmp")).isDirectory();
    assertThat(ourThreads()).isNotEmpty();
    java.util.List<Long> started = ProcessHandle.current().descendants().map(ProcessHandle::pid).toList();
    assertThat(started).hasSizeGreaterThanOrEqualTo(3); // bootstrap, bash, sleep
    door.close();
    fn.close();
    warmup = running.get();
    assertThat(warmup.error()).isPresent();
    // re-parented grandchildren are no longer our descendants: check every pid seen while running
    assertThat(started.stream().filter(FailureSemanticsTest::running)).as("processes left behind").isEmpty();
    assertThat(ourThreads()).as("threads left behind").isEmpty();
    assertThat(work).doesNotExist();
  }
}
