package io.github.shelllambda.plugin.packaging;

import io.github.shelllambda.runtime.zip.ZipCheckException;
import io.github.shelllambda.runtime.zip.ZipEntryInfo;
import io.github.shelllambda.runtime.zip.ZipInspector;
import io.github.shelllambda.runtime.zip.ZipLayoutException;
import io.github.shelllambda.runtime.zip.ZipListing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipExtraField;

/**
 * Writes byte-identical zips from identical inputs, whatever the machine's time zone, umask or
 * file system order.
 *
 * <p>Why Commons Compress here and not plexus-archiver's {@code ZipArchiver} (plexus-archiver
 * itself writes through Commons Compress): a Lambda zip needs an exact mode per entry (0755 for
 * scripts and {@code bootstrap}, 0644 otherwise) decided by our rules rather than by the file
 * system, no entries we did not ask for, and nothing host-dependent in the bytes. {@code
 * ZipArchiver} forces one file mode for everything in reproducible mode, adds parent directory
 * entries on its own and writes through a parallel scatter stage; {@code ZipArchiveOutputStream}
 * lets us set each entry's Unix mode, DOS time and (absent) extra fields directly and write in
 * our order. plexus-archiver is still what the source tree is selected with (its default excludes,
 * see {@link SourceTree}).
 *
 * <p>What makes the bytes stable: entries sorted by name; every entry's time is the fixed output
 * timestamp (see {@link #dosTime}); modes explicit; directory entries only for folders that hold
 * files, derived from the entry names; no extra fields (no extended timestamps, no uid/gid); UTF-8
 * names with the language encoding flag; deflate level 9; written to a seekable file, so no data
 * descriptors.
 */
public final class ReproducibleZipWriter {

  private ReproducibleZipWriter() {}

  /**
   * Writes {@code sources} to {@code output} (replaced atomically), then reads it back with the
   * runtime's {@link ZipInspector} and checks every entry is there with the mode asked for.
   */
  public static BuiltZip write(Path output, List<ZipSource> sources, Instant timestamp) throws IOException {
    Map<String, ZipSource> files = new TreeMap<>();
    for (ZipSource s : sources) {
      if (files.put(s.name(), s) != null) {
        throw new IllegalArgumentException("two zip entries named '" + s.name() + "'");
      }
    }
    TreeMap<String, Integer> all = new TreeMap<>();
    for (String name : files.keySet()) {
      for (int i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
        all.put(name.substring(0, i + 1), 0755);
      }
      all.put(name, files.get(name).mode());
    }
    for (String name : all.keySet()) {
      if (name.endsWith("/") && files.containsKey(name.substring(0, name.length() - 1))) {
        throw new IllegalArgumentException("'" + name + "' is both a file and a folder");
      }
    }
    Path dir = output.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + output.getFileName(), ".tmp");
    // Also gone when the build is stopped (Ctrl-C) while writing: no partial zip is left behind.
    tmp.toFile().deleteOnExit();
    try {
      long time = dosTime(timestamp);
      try (ZipArchiveOutputStream zos = new ZipArchiveOutputStream(tmp)) {
        zos.setUseZip64(Zip64Mode.Never);
        zos.setEncoding("UTF-8");
        zos.setUseLanguageEncodingFlag(true);
        zos.setCreateUnicodeExtraFields(ZipArchiveOutputStream.UnicodeExtraFieldPolicy.NEVER);
        zos.setLevel(Deflater.BEST_COMPRESSION);
        byte[] buf = new byte[64 * 1024];
        for (Map.Entry<String, Integer> e : all.entrySet()) {
          String name = e.getKey();
          boolean directory = name.endsWith("/");
          ZipArchiveEntry ze = new ZipArchiveEntry(name);
          ze.setTime(time);
          ze.setUnixMode((directory ? 040000 : 0100000) | e.getValue());
          ze.setExtraFields(new ZipExtraField[0]);
          ze.setMethod(directory ? ZipArchiveEntry.STORED : ZipArchiveEntry.DEFLATED);
          zos.putArchiveEntry(ze);
          if (!directory) {
            try (InputStream in = files.get(name).open()) {
              int r;
              while ((r = in.read(buf)) >= 0) {
                zos.write(buf, 0, r);
              }
            }
          }
          zos.closeArchiveEntry();
        }
        zos.finish();
      }
      Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    ZipListing listing;
    try {
      listing = ZipInspector.read(output);
      verify(listing, all);
    } catch (ZipCheckException e) {
      Files.deleteIfExists(output);
      throw e;
    }
    return new BuiltZip(output, Files.size(output), codeSha256(output), listing);
  }

  /**
   * The value to give {@link ZipArchiveEntry#setTime(long)} so the stored DOS date and time read
   * as {@code timestamp} in UTC. DOS times have no zone: Commons Compress converts with the JVM's
   * default zone, so we convert the UTC wall-clock time back through that same zone; the stored
   * fields are then identical in every time zone (TZ=UTC and TZ=Pacific/Auckland give the same
   * bytes).
   */
  static long dosTime(Instant timestamp) {
    LocalDateTime utc = LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC);
    return utc.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
  }

  /** Base64 of the SHA-256 of the file's bytes: Lambda's CodeSha256. */
  public static String codeSha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[64 * 1024];
      int r;
      while ((r = in.read(buf)) >= 0) {
        md.update(buf, 0, r);
      }
      return Base64.getEncoder().encodeToString(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void verify(ZipListing listing, Map<String, Integer> expected) throws ZipCheckException {
    List<String> problems = new ArrayList<>();
    if (listing.entries().size() != expected.size()) {
      problems.add(listing.entries().size() + " entries instead of " + expected.size());
    }
    for (ZipEntryInfo e : listing.entries()) {
      Integer mode = expected.get(e.name());
      if (mode == null) {
        problems.add("unexpected entry " + e.name());
      } else if (mode != e.unixMode()) {
        problems.add(e.name() + " has mode " + Integer.toOctalString(e.unixMode()) + " instead of "
            + Integer.toOctalString(mode));
      }
    }
    if (!problems.isEmpty()) {
      throw new ZipLayoutException(listing.zip(), "the zip just written does not read back as intended: " + problems);
    }
  }
}
