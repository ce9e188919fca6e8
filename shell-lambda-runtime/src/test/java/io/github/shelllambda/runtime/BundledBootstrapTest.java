package io.github.shelllambda.runtime;

import io.github.shelllambda.runtime.bootstrap.BundledBootstrap;
import io.github.shelllambda.runtime.env.Emulation;
import io.github.shelllambda.runtime.function.Architecture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.shelllambda.runtime.elf.ElfInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The runtime jar carries a static bootstrap of the right machine type for each architecture. */
class BundledBootstrapTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Architecture.class)
  void isAStaticElfOfTheRightMachine(Architecture arch) throws Exception {
    Path bootstrap = BundledBootstrap.writeTo(arch, dir.resolve("bootstrap"));
    ElfInfo elf = ElfInfo.read(bootstrap);
    assertThat(elf.elf()).isTrue();
    assertThat(elf.architecture()).contains(arch);
    assertThat(elf.hasInterpreter()).as("PT_INTERP present: %s", elf.describe()).isFalse();
    assertThat(Files.isExecutable(bootstrap)).isTrue();
    // The size target (issue 3, BENCHMARKS.md): 64 KiB on each architecture, with the toolkit's
    // bash compressed inside (lz.h), the bootstrap's own malloc (alloc.c) and no unwind tables.
    assertThat(Files.size(bootstrap)).isLessThanOrEqualTo(64 * 1024);
  }

  @ParameterizedTest
  @EnumSource(Architecture.class)
  void runs(Architecture arch) throws Exception {
    assumeTrue(
        Emulation.canRun(arch),
        "linux-" + arch + " executables cannot run here: qemu-" + arch.linuxMachine() + " is not installed");
    Path bootstrap = BundledBootstrap.writeTo(arch, dir.resolve("bootstrap-" + arch));
    Process p =
        new ProcessBuilder(Emulation.command(arch, bootstrap, "--version")).redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).startsWith("shell-lambda bootstrap");
  }

  @Test
  void aDynamicSystemBinaryIsDetectedAsSuch() throws Exception {
    ElfInfo bash = ElfInfo.read(Path.of("/bin/bash"));
    assertThat(bash.elf()).isTrue();
    assertThat(bash.hasInterpreter()).isTrue();
    assertThat(bash.describe()).contains("dynamically linked");
  }
}
