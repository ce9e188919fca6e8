package io.github.shelllambda.plugin.layers;

import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.elf.ElfInfo;
import java.io.IOException;
import java.nio.file.Path;

/** Checks that an executable will run on provided.al2023: ELF for the right machine, statically linked. */
public final class BinaryCheck {

  private BinaryCheck() {}

  /**
   * @param what how the binary was configured, for the message (e.g. "the jq binary from -Dshell-lambda.jq.file=...")
   */
  public static ElfInfo requireStatic(Path binary, Architecture arch, String what) throws IOException,
      UnsuitableBinaryException {
    ElfInfo elf = ElfInfo.read(binary);
    if (!elf.elf()) {
      throw new UnsuitableBinaryException(what + " (" + binary + ") is not an ELF executable, so it cannot run on"
          + " provided.al2023 (linux " + arch + "). Use a static linux-" + arch + " build");
    }
    if (elf.architecture().orElse(null) != arch) {
      throw new UnsuitableBinaryException(what + " (" + binary + ") is " + elf.describe() + ", but the function's"
          + " <architecture> is " + arch + ": it would fail with \"exec format error\". Use the linux-" + arch
          + " build, or change <architecture> (-Dshell-lambda.architecture)");
    }
    if (elf.hasInterpreter()) {
      throw new UnsuitableBinaryException(what + " (" + binary + ") is " + elf.describe() + ": it needs a dynamic"
          + " loader and shared libraries that provided.al2023 may not have (the interpreter is found only if the"
          + " image has exactly that glibc/musl). Use a statically linked build (the official jq release assets"
          + " are static)");
    }
    return elf;
  }
}
