package io.github.shelllambda.runtime.zip;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Extracts a function or layer zip the way Lambda does (function zip to /var/task, layers to /opt
 * in order, a later layer overwriting an earlier one), keeping the Unix modes stored in the zip.
 * Refuses entries that would escape the destination (zip-slip).
 */
public final class ZipExtractor {

  private ZipExtractor() {}

  /** Extracts {@code zip} into {@code destination} (created if needed); existing files are overwritten. */
  public static void extract(Path zip, Path destination) throws IOException {
    Path root = destination.toAbsolutePath().normalize();
    Files.createDirectories(root);
    try (ZipFile zf = ZipFile.builder().setPath(zip).get()) {
      Enumeration<ZipArchiveEntry> entries = zf.getEntries();
      while (entries.hasMoreElements()) {
        ZipArchiveEntry e = entries.nextElement();
        Path target = root.resolve(e.getName()).normalize();
        if (!target.startsWith(root) || e.getName().startsWith("/")) {
          throw new ZipCheckException(
              zip, "entry '" + e.getName() + "' would be extracted outside its folder (zip-slip); refusing the zip");
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = zf.getInputStream(e)) {
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(target, permissions(e.getUnixMode()));
      }
    } catch (ZipCheckException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ZipCheckException(zip, "cannot be read as a zip (corrupt or truncated?): " + e.getMessage(), e);
    }
  }

  /** File permissions from a zip entry's Unix mode; 0644 when the zip stores none. */
  static Set<PosixFilePermission> permissions(int unixMode) {
    int mode = unixMode & 0777;
    if (mode == 0) {
      mode = 0644;
    }
    Set<PosixFilePermission> s = new HashSet<>();
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < 9; i++) {
      if ((mode & (1 << i)) != 0) {
        s.add(order[i]);
      }
    }
    return s;
  }
}
