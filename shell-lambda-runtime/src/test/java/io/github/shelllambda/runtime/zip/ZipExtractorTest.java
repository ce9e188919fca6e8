package io.github.shelllambda.runtime.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipExtractorTest {

  @TempDir Path dir;

  @Test
  void extractsWithModes() throws Exception {
    Path zip = TestZips.create().file("handler.sh", 0755, "run() { :; }").dir("lib/")
        .file("lib/a.json", 0644, "{}").write(dir.resolve("f.zip"));
    Path out = dir.resolve("task");
    ZipExtractor.extract(zip, out);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("handler.sh"))))
        .isEqualTo("rwxr-xr-x");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("lib/a.json"))))
        .isEqualTo("rw-r--r--");
    assertThat(out.resolve("lib/a.json")).hasContent("{}");
  }

  @Test
  void laterLayerOverwrites() throws Exception {
    Path one = TestZips.create().file("bin/tool", 0755, "one").write(dir.resolve("1.zip"));
    Path two = TestZips.create().file("bin/tool", 0755, "two").write(dir.resolve("2.zip"));
    Path opt = dir.resolve("opt");
    ZipExtractor.extract(one, opt);
    ZipExtractor.extract(two, opt);
    assertThat(opt.resolve("bin/tool")).hasContent("two");
  }

  @Test
  void refusesZipSlipWithoutWritingOutside() throws Exception {
    Path zip = dir.resolve("evil.zip");
    try (ZipOutputStream out = new ZipOutputStream(new FileOutputStream(zip.toFile()))) {
      out.putNextEntry(new ZipEntry("../escaped"));
      out.write('x');
      out.closeEntry();
    }
    assertThatThrownBy(() -> ZipExtractor.extract(zip, dir.resolve("task"))).isInstanceOf(ZipCheckException.class)
        .hasMessageContaining("zip-slip");
    assertThat(dir.resolve("escaped")).doesNotExist();
  }

  @Test
  void concurrentExtractionsOfTheSameZip() throws Exception {
    Path zip = TestZips.create().file("handler.sh", 0755, "x".repeat(10000)).write(dir.resolve("f.zip"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        Path out = dir.resolve("env" + i);
        fs.add(pool.submit(() -> {
          ZipExtractor.extract(zip, out);
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    for (int i = 0; i < 16; i++) {
      assertThat(Files.size(dir.resolve("env" + i).resolve("handler.sh"))).isEqualTo(10000);
    }
  }
}
