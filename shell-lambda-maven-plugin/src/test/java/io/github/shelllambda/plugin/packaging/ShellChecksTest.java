package io.github.shelllambda.plugin.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ShellChecksTest {

  @Test
  void findsTheFunctionDefinitionsBashAccepts() {
    assertThat(ShellChecks.definesFunction("run() {\n:\n}", "run")).isTrue();
    assertThat(ShellChecks.definesFunction("  run ()\n{\n:\n}", "run")).isTrue();
    assertThat(ShellChecks.definesFunction("function run {\n:\n}", "run")).isTrue();
    assertThat(ShellChecks.definesFunction("function run() { :; }", "run")).isTrue();
    assertThat(ShellChecks.definesFunction("runner() { :; }", "run")).isFalse();
    assertThat(ShellChecks.definesFunction("# run() in a comment\necho run", "run")).isFalse();
    assertThat(ShellChecks.definesFunction("function running { :; }", "run")).isFalse();
  }

  @Test
  void tellsScriptsFromOtherFiles() {
    byte[] bash = "#!/usr/bin/env bash\necho".getBytes(StandardCharsets.UTF_8);
    byte[] sh = "#!/bin/sh\necho".getBytes(StandardCharsets.UTF_8);
    byte[] python = "#!/usr/bin/env python3\nprint()".getBytes(StandardCharsets.UTF_8);
    byte[] data = "{}".getBytes(StandardCharsets.UTF_8);
    byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1};
    assertThat(ShellChecks.isBashScript("tool", bash)).isTrue();
    assertThat(ShellChecks.isBashScript("bootstrap", sh)).isTrue();
    assertThat(ShellChecks.isBashScript("tool.py", python)).isFalse();
    assertThat(ShellChecks.isScript("tool.py", python)).isTrue();
    assertThat(ShellChecks.isScript("data.json", data)).isFalse();
    assertThat(ShellChecks.isScript("bootstrap", elf)).isFalse();
    assertThat(ShellChecks.isScript("lib.sh", data)).isTrue();
  }

  @Test
  void shellcheckFindingsBecomeWarningsNamingFileAndLine(@TempDir Path dir) throws Exception {
    assumeTrue(
        Stream.of(System.getenv("PATH").split(File.pathSeparator))
            .anyMatch(d -> Files.isExecutable(Path.of(d, "shellcheck"))),
        "shellcheck is not installed (scripts/setup-debian.sh installs it)");
    Path script = dir.resolve("handler.sh");
    Files.writeString(script, "run() {\n  echo $1\n}\n");
    RecordingLog log = new RecordingLog();
    ShellChecks.shellcheck(script, log);
    assertThat(log.warnings).anySatisfy(w -> assertThat(w).startsWith("shellcheck: ").contains("handler.sh:2:").contains("SC2086"));

    Files.writeString(script, "run() {\n  echo \"$1\"\n}\n");
    RecordingLog clean = new RecordingLog();
    ShellChecks.shellcheck(script, clean);
    assertThat(clean.warnings).isEmpty();
  }

  /**
   * Fault 14: the output was read to its end before the time limit was looked at, so a shellcheck
   * that kept running (or whose child kept the output open) held the build for as long as it liked.
   * Here a stand-in shellcheck writes more than a pipe holds, starts a child and sleeps: the check
   * must come back with a warning naming the file, and both processes must be gone.
   */
  @Test
  // a guard against the old hang, not a timing assertion; on a separate thread, as a blocked pipe read ignores interrupts
  @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aShellcheckOverItsTimeLimitIsStoppedWithItsChildrenAndAWarningNamingTheFile(@TempDir Path dir)
      throws Exception {
    Path pids = dir.resolve("pids");
    Path fake = dir.resolve("shellcheck");
    Files.writeString(fake, "#!/bin/bash\n"
        + "head -c 200000 /dev/zero | tr '\\0' x\n"
        + "sleep 300 &\n"
        + "echo \"$$ $!\" > '" + pids + "'\n"
        + "sleep 300\n");
    fake.toFile().setExecutable(true);
    Path script = dir.resolve("handler.sh");
    Files.writeString(script, "run() { :; }\n");
    RecordingLog log = new RecordingLog();

    ShellChecks.shellcheck(script, log, fake, Duration.ofSeconds(2), ShellChecks.SHELLCHECK_MEMORY_LIMIT_BYTES);

    assertThat(log.warnings).singleElement().asString()
        .contains("shellcheck did not finish checking " + script + " within its 2 s limit and was stopped");
    for (String pid : Files.readString(pids).trim().split(" ")) {
      Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(pid));
      h.ifPresent(ph -> ph.onExit().join()); // killed: exits promptly; left running: the @Timeout fails the test
      assertThat(h.map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    }
  }

  /**
   * Fault 14 with the real shellcheck: a generated 1,500-line script took 50 s and 8 GB RSS. Under
   * the memory limit it is stopped with a warning naming the file and the limit, and its "out of
   * memory" line is not passed on as a finding.
   */
  @Test
  void aScriptThatWouldTakeGigabytesIsStoppedAtTheMemoryLimit(@TempDir Path dir) throws Exception {
    assumeTrue(ShellChecks.onPath("shellcheck").isPresent(), "shellcheck is not installed");
    Path script = dir.resolve("generated.sh");
    StringBuilder text = new StringBuilder("run() {\n");
    for (int i = 0; i < 1500; i++) {
      text.append("  v").append(i).append("=\"$(echo \"$v").append(i - 1).append("\" | jq -r .a").append(i)
          .append(")\"; if [ -n \"$v").append(i).append("\" ]; then x=$((x+").append(i).append(")); fi\n");
    }
    Files.writeString(script, text.append("}\n"));
    RecordingLog log = new RecordingLog();

    ShellChecks.shellcheck(script, log);

    assertThat(log.warnings).singleElement().asString()
        .satisfiesAnyOf(
            w -> assertThat(w).contains("shellcheck ran out of its 1024 MB memory limit checking " + script),
            w -> assertThat(w).contains("shellcheck did not finish checking " + script + " within its 30 s limit"));
  }

  @Test
  void bashSyntaxErrorsStillFailWithBashsMessage(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("handler.sh");
    Files.writeString(script, "run() {\n  if true; then\n}\n");
    assertThatThrownBy(() -> ShellChecks.checkSyntax(script, BuildLog.NONE))
        .isInstanceOf(ShellSyntaxException.class)
        .hasMessageContaining(script + " has a bash syntax error (bash -n)")
        .hasMessageContaining("line 3");
  }
}
