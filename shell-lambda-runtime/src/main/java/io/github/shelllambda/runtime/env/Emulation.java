package io.github.shelllambda.runtime.env;

import io.github.shelllambda.runtime.function.Architecture;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How to run an executable of a given architecture on this host: directly, or under qemu-user. */
public final class Emulation {

  private Emulation() {}

  /** True when executables of {@code arch} run natively here. */
  public static boolean isNative(Architecture arch) {
    return Architecture.host().map(h -> h == arch).orElse(false);
  }

  /** The qemu-user binary for {@code arch} on PATH ({@code qemu-aarch64}, or its {@code -static} variant). */
  public static Optional<Path> qemu(Architecture arch) {
    return qemu(arch, System.getenv("PATH"));
  }

  /** The qemu-user binary for {@code arch} in the folders of {@code path} (a PATH-style list). */
  public static Optional<Path> qemu(Architecture arch, String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String name : List.of("qemu-" + arch.linuxMachine(), "qemu-" + arch.linuxMachine() + "-static")) {
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** True when an executable of {@code arch} can run here, natively or emulated. */
  public static boolean canRun(Architecture arch) {
    return isNative(arch) || qemu(arch).isPresent();
  }

  /**
   * The command line that runs {@code executable} (of {@code arch}) with {@code args}: the
   * executable itself when native, prefixed by qemu otherwise.
   *
   * @throws IllegalStateException when neither is possible
   */
  public static List<String> command(Architecture arch, Path executable, String... args) {
    List<String> cmd = new ArrayList<>();
    if (!isNative(arch)) {
      Path q =
          qemu(arch)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "cannot run a linux-" + arch + " executable on this host: install qemu-user"
                              + " (Debian: apt-get install qemu-user) to run it under qemu-"
                              + arch.linuxMachine()));
      cmd.add(q.toString());
    }
    cmd.add(executable.toString());
    cmd.addAll(List.of(args));
    return cmd;
  }
}
