package io.github.shelllambda.runtime.bootstrap;

import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.env.Emulation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** One build of the bootstrap the conformance suite runs against, and how to start it here. */
public enum BootstrapTarget {
  /** The static musl build for this host's architecture. */
  NATIVE,
  /** The static arm64 build, under qemu-aarch64 unless the host is arm64. */
  ARM64,
  /** The gcc ASan+UBSan build for the host. */
  SANITIZE;

  /** The binary, from the system properties {@code bootstrap.dir} / {@code bootstrap.sanitize.dir} the POM sets. */
  public Path binary() {
    return switch (this) {
      case NATIVE -> dir("bootstrap.dir").resolve(hostArch().resourceFolder()).resolve("bootstrap");
      case ARM64 -> dir("bootstrap.dir").resolve(Architecture.ARM64.resourceFolder()).resolve("bootstrap");
      case SANITIZE -> dir("bootstrap.sanitize.dir").resolve("bootstrap");
    };
  }

  /** Empty when the target can run here; otherwise the reason it cannot (for an assumption). */
  public Optional<String> unavailable() {
    if (this == ARM64 && !Emulation.isNative(Architecture.ARM64) && Emulation.qemu(Architecture.ARM64).isEmpty()) {
      return Optional.of("qemu-aarch64 is not installed (Debian: apt-get install qemu-user), so the arm64 bootstrap cannot run here");
    }
    if (!Files.isExecutable(binary())) {
      return Optional.of(binary() + " is missing: build the module first (mvn -pl shell-lambda-runtime process-classes)");
    }
    return Optional.empty();
  }

  /** The command line starting the bootstrap with {@code args}. */
  public List<String> command(String... args) {
    return switch (this) {
      case ARM64 -> Emulation.command(Architecture.ARM64, binary(), args);
      default -> Emulation.command(hostArch(), binary(), args);
    };
  }

  /** Soak loops run on the native build only (emulated and sanitized runs are many times slower). */
  public boolean soak() {
    return this == NATIVE;
  }

  private static Architecture hostArch() {
    return Architecture.host().orElseThrow(() -> new IllegalStateException("the bootstrap runs on linux x86_64 or arm64 only"));
  }

  private static Path dir(String property) {
    String v = System.getProperty(property);
    if (v == null) {
      // running outside Maven (an IDE): the module's default layout
      v = property.equals("bootstrap.dir") ? "target/classes/META-INF/shell-lambda/bootstrap" : "target/bootstrap-sanitize";
    }
    return Path.of(v);
  }
}
