package io.github.shelllambda.runtime.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ZipInspectorTest {

  @TempDir Path dir;

  @Test
  void listsEntriesWithModesAndSizes() throws Exception {
    Path zip = TestZips.create().dir("lib/").file("handler.sh", 0755, "run() { :; }\n")
        .file("lib/data.json", 0644, "{}").write(dir.resolve("f.zip"));
    ZipListing l = ZipInspector.read(zip);
    assertThat(l.entries()).extracting(ZipEntryInfo::name).containsExactly("lib/", "handler.sh", "lib/data.json");
    assertThat(l.entry("handler.sh").orElseThrow().unixMode()).isEqualTo(0755);
    assertThat(l.entry("handler.sh").orElseThrow().modeString()).isEqualTo("-rwxr-xr-x");
    assertThat(l.entry("lib/data.json").orElseThrow().modeString()).isEqualTo("-rw-r--r--");
    assertThat(l.entry("lib/").orElseThrow().directory()).isTrue();
    assertThat(l.unzippedSize()).isEqualTo(13 + 2);
    assertThat(l.fileCount()).isEqualTo(2);
  }

  @Test
  void refusesParentSegments() throws Exception {
    Path zip = javaZip("evil.zip", "../../etc/cron.d/x");
    assertThatThrownBy(() -> ZipInspector.read(zip)).isInstanceOf(ZipSlipException.class)
        .hasMessageContaining("'../../etc/cron.d/x'").hasMessageContaining("zip-slip");
  }

  @Test
  void refusesAbsoluteAndBackslashNames() throws Exception {
    assertThatThrownBy(() -> ZipInspector.read(javaZip("a.zip", "/etc/passwd"))).isInstanceOf(ZipSlipException.class);
    assertThatThrownBy(() -> ZipInspector.read(javaZip("b.zip", "..\\..\\x"))).isInstanceOf(ZipSlipException.class);
    assertThatThrownBy(() -> ZipInspector.read(javaZip("c.zip", "a/../../x"))).isInstanceOf(ZipSlipException.class);
  }

  @Test
  void acceptsDotsInsideNames() throws Exception {
    assertThat(ZipInspector.read(javaZip("ok.zip", "a/..b/c..d")).entries()).hasSize(1);
  }

  @Test
  void truncatedZipIsAClearError() throws Exception {
    Path zip = TestZips.create().file("handler.sh", 0755, "x".repeat(5000)).write(dir.resolve("t.zip"));
    byte[] bytes = Files.readAllBytes(zip);
    for (int cut : new int[] {bytes.length - 10, bytes.length / 2, 30, 3, 0}) {
      Path t = dir.resolve("t" + cut + ".zip");
      Files.write(t, java.util.Arrays.copyOf(bytes, cut));
      assertThatThrownBy(() -> ZipInspector.read(t)).as("cut at %d", cut).isInstanceOf(CorruptZipException.class)
          .hasMessageContaining(t.toString());
    }
  }

  @Test
  void corruptDataFailsItsCrcOrInflate() throws Exception {
    Path zip = TestZips.create().file("handler.sh", 0755, "echo hello world, this is a handler\n".repeat(50))
        .write(dir.resolve("c.zip"));
    byte[] bytes = Files.readAllBytes(zip);
    int dataStart = 30 + "handler.sh".length() + 2; // local header + name; within the deflated data
    for (int i = dataStart; i < dataStart + 20; i++) {
      bytes[i] ^= 0x5a;
    }
    Path bad = dir.resolve("bad.zip");
    Files.write(bad, bytes);
    assertThatThrownBy(() -> ZipInspector.read(bad)).isInstanceOf(CorruptZipException.class)
        .hasMessageContaining("handler.sh");
  }

  @Test
  void notAZip() throws Exception {
    Path f = Files.writeString(dir.resolve("x.zip"), "#!/bin/bash\necho not a zip\n");
    assertThatThrownBy(() -> ZipInspector.read(f)).isInstanceOf(CorruptZipException.class)
        .hasMessageContaining("cannot be read as a zip");
    assertThatThrownBy(() -> ZipInspector.read(dir.resolve("missing.zip"))).isInstanceOf(CorruptZipException.class)
        .hasMessageContaining("no such zip");
  }

  @Test
  void entryInflatingPastItsDeclaredSizeIsStopped() throws Exception {
    // A stored entry whose central directory claims fewer bytes than its data holds.
    Path zip = TestZips.create().file("a.txt", 0644, "0123456789").write(dir.resolve("s.zip"));
    byte[] b = Files.readAllBytes(zip);
    patchCentralSizes(b, 4);
    Path bad = dir.resolve("lying.zip");
    Files.write(bad, b);
    assertThatThrownBy(() -> ZipInspector.read(bad)).isInstanceOf(CorruptZipException.class);
  }

  /** Sets the uncompressed size in every central directory header to {@code size}. */
  private static void patchCentralSizes(byte[] b, int size) {
    for (int i = 0; i + 46 < b.length; i++) {
      if (b[i] == 0x50 && b[i + 1] == 0x4b && b[i + 2] == 1 && b[i + 3] == 2) {
        b[i + 24] = (byte) size;
        b[i + 25] = 0;
        b[i + 26] = 0;
        b[i + 27] = 0;
      }
    }
  }

  private Path javaZip(String file, String entry) throws Exception {
    Path zip = dir.resolve(file);
    try (ZipOutputStream out = new ZipOutputStream(new FileOutputStream(zip.toFile()))) {
      out.putNextEntry(new ZipEntry(entry));
      out.write("x".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return zip;
  }
}
