package io.github.shelllambda.plugin.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One file to put in a zip: its entry name, its explicit Unix mode, and where its bytes come from
 * (a file, read through any symlink, or bytes in memory).
 */
public final class ZipSource {
  private final String name;
  private final int mode;
  private final Path file;
  private final byte[] bytes;

  private ZipSource(String name, int mode, Path file, byte[] bytes) {
    if (name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("\\")) {
      throw new IllegalArgumentException("bad zip entry name '" + name + "'");
    }
    this.name = name;
    this.mode = mode & 0777;
    this.file = file;
    this.bytes = bytes;
  }

  public static ZipSource file(String name, int mode, Path file) {
    return new ZipSource(name, mode, Objects.requireNonNull(file), null);
  }

  public static ZipSource bytes(String name, int mode, byte[] bytes) {
    return new ZipSource(name, mode, null, bytes.clone());
  }

  public String name() {
    return name;
  }

  public int mode() {
    return mode;
  }

  InputStream open() throws IOException {
    return file != null ? Files.newInputStream(file) : new java.io.ByteArrayInputStream(bytes);
  }

  @Override
  public String toString() {
    return name + " (" + Integer.toOctalString(mode) + ")";
  }
}
