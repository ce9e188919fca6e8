package io.github.shelllambda.runtime.elf;

import io.github.shelllambda.runtime.function.Architecture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * What matters about an executable for provided.al2023: is it ELF, for which machine, and is it
 * static (no PT_INTERP, so no dynamic loader or shared libraries needed).
 */
public record ElfInfo(boolean elf, int elfClass, int machine, boolean hasInterpreter, String interpreter) {

  private static final int PT_INTERP = 3;

  /** The Lambda architecture of this ELF, if it is one. */
  public Optional<Architecture> architecture() {
    if (!elf || elfClass != 2) {
      return Optional.empty();
    }
    return Arrays.stream(Architecture.values()).filter(a -> a.elfMachine() == machine).findFirst();
  }

  /** True when this is a 64-bit ELF for {@code arch}'s machine. */
  public boolean isFor(Architecture arch) {
    return architecture().orElse(null) == arch;
  }

  /**
   * The one check that an executable can run in a function of architecture {@code arch}: an ELF
   * for that machine (static or not: other checks decide about linking).
   *
   * @param what what the file is, for the message: {@code "the bootstrap"}, {@code "the jq binary"}
   * @throws WrongArchitectureException naming the file, what it is, and the fix
   */
  public static ElfInfo requireArchitecture(Path file, Architecture arch, String what)
      throws IOException, WrongArchitectureException {
    return read(file).require(arch, what, file);
  }

  /** {@link #requireArchitecture(Path, Architecture, String)} of a file's first bytes. */
  public static ElfInfo requireArchitecture(byte[] head, Object source, Architecture arch, String what)
      throws IOException, WrongArchitectureException {
    return read(head, source).require(arch, what, source);
  }

  private ElfInfo require(Architecture arch, String what, Object source) throws WrongArchitectureException {
    if (!isFor(arch)) {
      throw new WrongArchitectureException(what, source, this, arch);
    }
    return this;
  }

  /** A short description for messages: "ELF 64-bit AArch64, static". */
  public String describe() {
    if (!elf) {
      return "not an ELF executable";
    }
    String m =
        switch (machine) {
          case 62 -> "x86-64";
          case 183 -> "AArch64";
          case 3 -> "i386";
          case 40 -> "ARM";
          case 243 -> "RISC-V";
          default -> "machine " + machine;
        };
    return "ELF " + (elfClass == 2 ? "64" : "32") + "-bit " + m + ", "
        + (hasInterpreter ? "dynamically linked (interpreter " + interpreter + ")" : "static");
  }

  public static ElfInfo read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in.readNBytes(1 << 16), file);
    }
  }

  /** Parses the ELF header and program headers found in the first bytes of a file. */
  public static ElfInfo read(byte[] head, Object source) throws IOException {
    if (head.length < 20 || head[0] != 0x7f || head[1] != 'E' || head[2] != 'L' || head[3] != 'F') {
      return new ElfInfo(false, 0, 0, false, null);
    }
    int elfClass = head[4];
    ByteOrder order = head[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    ByteBuffer b = ByteBuffer.wrap(head).order(order);
    int machine = Short.toUnsignedInt(b.getShort(18));
    long phoff;
    int phentsize;
    int phnum;
    try {
      if (elfClass == 2) {
        phoff = b.getLong(32);
        phentsize = Short.toUnsignedInt(b.getShort(54));
        phnum = Short.toUnsignedInt(b.getShort(56));
      } else {
        phoff = Integer.toUnsignedLong(b.getInt(28));
        phentsize = Short.toUnsignedInt(b.getShort(42));
        phnum = Short.toUnsignedInt(b.getShort(44));
      }
      boolean interp = false;
      String interpreter = null;
      for (int i = 0; i < phnum; i++) {
        long off = phoff + (long) i * phentsize;
        if (off + phentsize > head.length) {
          throw new IOException(source + ": ELF program headers lie beyond the first " + head.length + " bytes");
        }
        int type = b.getInt((int) off);
        if (type == PT_INTERP) {
          interp = true;
          long pOffset = elfClass == 2 ? b.getLong((int) off + 8) : Integer.toUnsignedLong(b.getInt((int) off + 4));
          long pSize = elfClass == 2 ? b.getLong((int) off + 32) : Integer.toUnsignedLong(b.getInt((int) off + 16));
          if (pOffset >= 0 && pOffset + pSize <= head.length && pSize > 0) {
            interpreter = new String(head, (int) pOffset, (int) pSize - 1, java.nio.charset.StandardCharsets.US_ASCII);
          }
        }
      }
      return new ElfInfo(true, elfClass, machine, interp, interpreter);
    } catch (IndexOutOfBoundsException e) {
      throw new IOException(source + ": truncated ELF header", e);
    }
  }
}
