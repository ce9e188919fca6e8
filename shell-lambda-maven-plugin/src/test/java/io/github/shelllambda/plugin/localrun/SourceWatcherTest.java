package io.github.shelllambda.plugin.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceWatcherTest {
  @TempDir Path dir;

  @Test
  void callsBackOncePerBurstIncludingNewSubfolders() throws Exception {
    LinkedBlockingQueue<String> calls = new LinkedBlockingQueue<>();
    Files.writeString(dir.resolve("handler.sh"), "run() { :; }\n");
    try (SourceWatcher w = SourceWatcher.start(dir, Duration.ofMillis(300), () -> calls.add("changed"), e -> calls.add("error"))) {
      Files.writeString(dir.resolve("handler.sh"), "run() { echo 1; }\n");
      Files.writeString(dir.resolve("handler.sh"), "run() { echo 2; }\n");
      // Generous bound for a slow CI machine: this waits for the callback, it measures nothing.
      assertThat(calls.poll(20, TimeUnit.SECONDS)).isEqualTo("changed");
      Files.createDirectories(dir.resolve("lib"));
      assertThat(calls.poll(20, TimeUnit.SECONDS)).isEqualTo("changed");
      Files.writeString(dir.resolve("lib/util.sh"), "x=1\n");
      assertThat(calls.poll(20, TimeUnit.SECONDS)).isEqualTo("changed");
    }
  }

  @Test
  void aFailingReloadIsReportedAndWatchingGoesOn() throws Exception {
    LinkedBlockingQueue<String> calls = new LinkedBlockingQueue<>();
    try (SourceWatcher w = SourceWatcher.start(dir, Duration.ofMillis(200),
        () -> { throw new IllegalStateException("package failed"); }, e -> calls.add(e.getMessage()))) {
      Files.writeString(dir.resolve("a.sh"), "1");
      assertThat(calls.poll(20, TimeUnit.SECONDS)).isEqualTo("package failed");
      Files.writeString(dir.resolve("b.sh"), "2");
      assertThat(calls.poll(20, TimeUnit.SECONDS)).isEqualTo("package failed");
    }
  }
}
