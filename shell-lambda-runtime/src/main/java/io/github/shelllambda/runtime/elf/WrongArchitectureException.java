package io.github.shelllambda.runtime.elf;

import io.github.shelllambda.runtime.function.Architecture;

/**
 * An executable that a function of the given architecture cannot run: not ELF, or ELF for another
 * machine. Lambda would fail it with "exec format error". Thrown by {@link
 * ElfInfo#requireArchitecture}; the one wording of this check.
 */
public final class WrongArchitectureException extends Exception {
  private final transient Object file;
  private final transient ElfInfo found;
  private final Architecture expected;

  public WrongArchitectureException(String what, Object file, ElfInfo found, Architecture expected) {
    super(what + " (" + file + ") is " + found.describe() + ", but the function's architecture is " + expected
        + ": Lambda cannot run it (exec format error). Use the linux-" + expected + " build, or set the"
        + " function's architecture to match it");
    this.file = file;
    this.found = found;
    this.expected = expected;
  }

  /** The file (a path, or a resource name). */
  public Object file() {
    return file;
  }

  /** What the file is. */
  public ElfInfo found() {
    return found;
  }

  /** The function's architecture. */
  public Architecture expected() {
    return expected;
  }
}
