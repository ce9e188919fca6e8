package io.github.shelllambda.plugin.layers;

import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.elf.ElfInfo;
import io.github.shelllambda.runtime.elf.WrongArchitectureException;
import java.io.IOException;
import java.nio.file.Path;

/** Checks that an executable will run on provided.al2023: ELF for the right machine, statically linked. */
public final class BinaryCheck {

  private BinaryCheck() {}

  /**
   * The architecture check ({@link ElfInfo#requireArchitecture}), then: statically linked.
   *
   * @param what how the binary was configured, for the message (e.g. "the jq binary from the URL ...")
   */
  public static ElfInfo requireStatic(Path binary, Architecture arch, String what) throws IOException,
      WrongArchitectureException, UnsuitableBinaryException {
    ElfInfo elf = ElfInfo.requireArchitecture(binary, arch, what);
    if (elf.hasInterpreter()) {
      throw new UnsuitableBinaryException(what + " (" + binary + ") is " + elf.describe() + ": it needs a dynamic"
          + " loader and shared libraries that provided.al2023 may not have (the interpreter is found only if the"
          + " image has exactly that glibc/musl). Use a statically linked build (the official jq release assets"
          + " are static)");
    }
    return elf;
  }
}
