package io.github.shelllambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A function of the other architecture: its own bootstrap and layer executables under qemu-user. */
class EmulatedFunctionTest {
  @TempDir Path dir;

  static Architecture foreign() {
    return TestFunctions.host() == Architecture.X86_64 ? Architecture.ARM64 : Architecture.X86_64;
  }

  @Test
  void foreignBootstrapAndLayerRunUnderQemu() throws Exception {
    Architecture arch = foreign();
    assumeTrue(
        Emulation.qemu(arch).isPresent(),
        "qemu-" + arch.linuxMachine() + " is not installed (Debian: apt-get install qemu-user)");
    CopyOnWriteArrayList<String> sink = new CopyOnWriteArrayList<>();
    try (LocalFunction fn =
        LocalFunction.builder()
            .functionZip(TestFunctions.handlerZip(dir, "run() { jq -c '{arch: \"emulated\", n: .n}'; }\n"))
            .layer(TestFunctions.bootstrapLayer(dir, arch))
            .layer(TestFunctions.jqLayer(dir, arch))
            .functionName("emu")
            .architecture(arch)
            .logSink(sink::add)
            .start()) {
      assertThat(fn.emulated()).isTrue();
      Invocation inv = fn.invoke(InvokeRequest.of("{\"n\":7}"));
      assertThat(inv.error()).as(inv.log()).isEmpty();
      assertThat(inv.payloadAsString().strip()).isIn("{\"arch\":\"emulated\",\"n\":7}", "{\"n\":7,\"arch\":\"emulated\"}");
      assertThat(inv.report().emulated()).isTrue();
      assertThat(inv.report().toLogLine()).endsWith("(emulated)");
      assertThat(inv.log()).contains("(emulated)");
      // the bootstrap process is the function's own, under qemu
      assertThat(sink).noneMatch(l -> l.contains("stands in"));
    }
  }
}
