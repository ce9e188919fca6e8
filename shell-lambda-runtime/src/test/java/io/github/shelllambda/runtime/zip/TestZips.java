package io.github.shelllambda.runtime.zip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Writes small zips for the tests, with the names and modes given (names are not checked: that is the point). */
final class TestZips {
  private final Map<String, Object[]> entries = new LinkedHashMap<>();

  static TestZips create() {
    return new TestZips();
  }

  TestZips file(String name, int mode, String content) {
    entries.put(name, new Object[] {mode, content.getBytes(StandardCharsets.UTF_8)});
    return this;
  }

  TestZips dir(String name) {
    entries.put(name, new Object[] {0755, null});
    return this;
  }

  Path write(Path zip) throws IOException {
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
      for (Map.Entry<String, Object[]> e : entries.entrySet()) {
        ZipArchiveEntry ze = new ZipArchiveEntry(e.getKey());
        int mode = (int) e.getValue()[0];
        byte[] data = (byte[]) e.getValue()[1];
        ze.setUnixMode((data == null ? 040000 : 0100000) | mode);
        out.putArchiveEntry(ze);
        if (data != null) {
          out.write(data);
        }
        out.closeArchiveEntry();
      }
    }
    return zip;
  }
}
