package io.github.shelllambda.plugin.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.shelllambda.runtime.zip.ZipEntryInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.TimeZone;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproducibleZipWriterTest {

  static final Instant T = Instant.parse("2026-01-01T12:34:56Z");

  @TempDir Path dir;

  private List<ZipSource> sources() throws Exception {
    Path a = Files.writeString(dir.resolve("a.sh"), "run() { echo hi; }\n");
    Path data = Files.writeString(dir.resolve("data.json"), "{\"k\":1}\n");
    return List.of(
        ZipSource.file("lib/util.sh", 0755, a),
        ZipSource.bytes("bootstrap", 0755, new byte[] {1, 2, 3}),
        ZipSource.file("handler.sh", 0755, a),
        ZipSource.file("lib/deep/data.json", 0644, data));
  }

  @Test
  void entriesSortedWithDirectoriesAndExplicitModes() throws Exception {
    BuiltZip z = ReproducibleZipWriter.write(dir.resolve("out.zip"), sources(), T);
    assertThat(z.listing().entries()).extracting(ZipEntryInfo::name)
        .containsExactly("bootstrap", "handler.sh", "lib/", "lib/deep/", "lib/deep/data.json", "lib/util.sh");
    assertThat(z.listing().entries()).extracting(ZipEntryInfo::modeString)
        .containsExactly("-rwxr-xr-x", "-rwxr-xr-x", "drwxr-xr-x", "drwxr-xr-x", "-rw-r--r--", "-rwxr-xr-x");
  }

  @Test
  void modesComeFromTheRulesNotTheFileSystem() throws Exception {
    Path secret = Files.writeString(dir.resolve("x"), "x");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rwx------"));
    Path open = Files.writeString(dir.resolve("y"), "y");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    BuiltZip z = ReproducibleZipWriter.write(dir.resolve("m.zip"),
        List.of(ZipSource.file("x", 0644, secret), ZipSource.file("y", 0644, open)), T);
    assertThat(z.listing().entries()).extracting(ZipEntryInfo::unixMode).containsOnly(0644);
  }

  @Test
  void storesTheUtcWallClockTimeAndNoExtraFields() throws Exception {
    BuiltZip z = ReproducibleZipWriter.write(dir.resolve("t.zip"), sources(), T);
    try (ZipFile zf = new ZipFile(z.path().toFile())) {
      for (var e : Collections.list(zf.entries())) {
        assertThat(e.getTimeLocal()).as(e.getName()).isEqualTo(LocalDateTime.of(2026, 1, 1, 12, 34, 56));
        assertThat(e.getExtra()).as(e.getName()).isNull();
      }
    }
    try (var zf = org.apache.commons.compress.archivers.zip.ZipFile.builder().setPath(z.path()).get()) {
      for (ZipArchiveEntry e : Collections.list(zf.getEntries())) {
        assertThat(e.getLocalFileDataExtra()).as(e.getName()).isEmpty();
        assertThat(e.getCentralDirectoryExtra()).as(e.getName()).isEmpty();
        assertThat(e.getPlatform()).isEqualTo(ZipArchiveEntry.PLATFORM_UNIX);
      }
    }
  }

  @Test
  void sameBytesInEveryTimeZone() throws Exception {
    TimeZone saved = TimeZone.getDefault();
    try {
      byte[] first = null;
      for (String tz : List.of("UTC", "Pacific/Auckland", "America/St_Johns", "Asia/Kathmandu")) {
        TimeZone.setDefault(TimeZone.getTimeZone(tz));
        BuiltZip z = ReproducibleZipWriter.write(dir.resolve(tz.replace('/', '_') + ".zip"), sources(), T);
        byte[] bytes = Files.readAllBytes(z.path());
        if (first == null) {
          first = bytes;
        } else {
          assertThat(bytes).as(tz).isEqualTo(first);
        }
      }
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  @Test
  void sameBytesWhateverTheInputOrderAndFileTimes() throws Exception {
    List<ZipSource> s = sources();
    BuiltZip one = ReproducibleZipWriter.write(dir.resolve("1.zip"), s, T);
    Files.setLastModifiedTime(dir.resolve("a.sh"), java.nio.file.attribute.FileTime.from(Instant.now()));
    List<ZipSource> reversed = new java.util.ArrayList<>(s);
    Collections.reverse(reversed);
    BuiltZip two = ReproducibleZipWriter.write(dir.resolve("2.zip"), reversed, T);
    assertThat(Files.readAllBytes(two.path())).isEqualTo(Files.readAllBytes(one.path()));
    assertThat(two.codeSha256()).isEqualTo(one.codeSha256());
    BuiltZip later = ReproducibleZipWriter.write(dir.resolve("3.zip"), s, T.plusSeconds(2));
    assertThat(later.codeSha256()).isNotEqualTo(one.codeSha256());
  }

  @Test
  void codeSha256IsBase64OfTheSha256OfTheBytes() throws Exception {
    BuiltZip z = ReproducibleZipWriter.write(dir.resolve("c.zip"), sources(), T);
    Process p = new ProcessBuilder("sha256sum", z.path().toString()).start();
    String hex = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).split(" ")[0];
    assertThat(p.waitFor()).isZero();
    assertThat(z.codeSha256()).isEqualTo(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
    assertThat(z.size()).isEqualTo(Files.size(z.path()));
    assertThat(z.codeSha256()).isEqualTo(Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(z.path()))));
  }

  @Test
  void unzipTestsItAndZipinfoShowsTheModes() throws Exception {
    BuiltZip z = ReproducibleZipWriter.write(dir.resolve("u.zip"), sources(), T);
    Process t = new ProcessBuilder("unzip", "-t", z.path().toString()).redirectErrorStream(true).start();
    String out = new String(t.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(t.waitFor()).as(out).isZero();
    assertThat(out).contains("No errors detected");
    Process zi = new ProcessBuilder("zipinfo", z.path().toString()).redirectErrorStream(true).start();
    String listing = new String(zi.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(zi.waitFor()).isZero();
    assertThat(listing).containsPattern("-rwxr-xr-x .* handler\\.sh").containsPattern("-rw-r--r-- .* lib/deep/data\\.json")
        .containsPattern("drwxr-xr-x .* lib/").contains("26-Jan-01 12:34");
  }
}
