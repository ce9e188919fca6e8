package io.github.shelllambda.runtime.function;

import java.util.Locale;
import java.util.Optional;

/** A Lambda instruction set architecture, spelled as Lambda spells it. */
public enum Architecture {
  ARM64("arm64", "aarch64", 183),
  X86_64("x86_64", "x86_64", 62);

  private final String lambdaName;
  private final String linuxMachine;
  private final int elfMachine;

  Architecture(String lambdaName, String linuxMachine, int elfMachine) {
    this.lambdaName = lambdaName;
    this.linuxMachine = linuxMachine;
    this.elfMachine = elfMachine;
  }

  /** {@code arm64} or {@code x86_64}: the value Lambda's API and console use. */
  public String lambdaName() {
    return lambdaName;
  }

  /** {@code aarch64} or {@code x86_64}: what {@code uname -m} prints, and qemu's suffix. */
  public String linuxMachine() {
    return linuxMachine;
  }

  /** ELF {@code e_machine}: 183 (EM_AARCH64) or 62 (EM_X86_64). */
  public int elfMachine() {
    return elfMachine;
  }

  /** Resource folder of this architecture's bootstrap in the runtime jar. */
  public String resourceFolder() {
    return "linux-" + lambdaName;
  }

  @Override
  public String toString() {
    return lambdaName;
  }

  /** The architecture a non-Lambda spelling most likely means (aarch64, amd64, ...). */
  public static Optional<Architecture> likely(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    switch (v) {
      case "arm64", "aarch64", "arm", "armv8", "arm64v8", "graviton", "aarch_64" -> {
        return Optional.of(ARM64);
      }
      case "x86_64", "amd64", "x64", "x86", "intel", "x8664", "x86__64" -> {
        return Optional.of(X86_64);
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  /** The host's architecture, if it is one Lambda has. */
  public static Optional<Architecture> host() {
    String arch = System.getProperty("os.arch", "");
    String os = System.getProperty("os.name", "");
    if (!os.toLowerCase(Locale.ROOT).contains("linux")) {
      return Optional.empty();
    }
    return switch (arch) {
      case "amd64", "x86_64" -> Optional.of(X86_64);
      case "aarch64", "arm64" -> Optional.of(ARM64);
      default -> Optional.empty();
    };
  }
}
