package io.github.shelllambda.plugin.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
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
}
