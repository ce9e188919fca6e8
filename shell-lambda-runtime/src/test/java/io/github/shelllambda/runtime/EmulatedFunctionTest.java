package io.github.shelllambda.runtime;

import io.github.shelllambda.runtime.function.FunctionConfiguration;

import io.github.shelllambda.runtime.env.Emulation;
import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.function.InvokeRequest;
import io.github.shelllambda.runtime.function.LogSink;
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
            .configuration(FunctionConfiguration.builder("emu").architecture(arch).build())
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

  @Test
  void withoutQemuTheHostBootstrapAndHostToolsStandInWithWarnings() throws Exception {
    Architecture arch = foreign();
    assumeTrue(FunctionSetupAccess.hostHas("jq"), "the host has no jq to stand in");
    Path jq = Path.of(System.getProperty("shell-lambda.tools", ".tools"), "gojq", arch.lambdaName(), "jq");
    Path tools =
        TestFunctions.zip(
            dir.resolve("tools.zip"), java.util.Map.of("bin/zz-foreign-tool", java.nio.file.Files.readAllBytes(jq)));
    CopyOnWriteArrayList<String> warnings = new CopyOnWriteArrayList<>();
    LogSink sink =
        new LogSink() {
          public void line(String line) {}

          public void warning(String message) {
            warnings.add(message);
          }
        };
    try (LocalFunction fn =
        LocalFunction.builder()
            .functionZip(TestFunctions.handlerZip(dir, "run() { jq -n 1; zz-foreign-tool -n 2; }\n"))
            .layer(TestFunctions.bootstrapLayer(dir, arch))
            .layer(TestFunctions.jqLayer(dir, arch))
            .layer(tools)
            .configuration(FunctionConfiguration.builder("no-qemu").architecture(arch).build())
            .emulatorSearchPath("")
            .logSink(sink)
            .start()) {
      assertThat(fn.emulated()).isFalse();
      assertThat(warnings).anyMatch(w -> w.contains("bundled linux-" + TestFunctions.host() + " bootstrap stands in"));
      assertThat(warnings).anyMatch(w -> w.contains("bin/jq is linux-" + arch) && w.contains("stands in"));
      assertThat(warnings).anyMatch(w -> w.contains("zz-foreign-tool") && w.contains("apt-get install qemu-user"));
      Invocation inv = fn.invoke(InvokeRequest.of("{}"));
      assertThat(inv.error()).isPresent();
      assertThat(inv.log()).contains("1").contains("zz-foreign-tool is a linux-" + arch + " executable from a layer");
      assertThat(inv.report().emulated()).isFalse();
    }
  }
}
