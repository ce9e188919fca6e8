package io.github.shelllambda.runtime.zip;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Reads a function or layer zip completely and checks it can be extracted safely: every entry's
 * data is decompressed and its CRC-32 and size compared with the central directory (so a truncated
 * or corrupt zip fails here, not half-way through an extraction), and every name is checked for
 * zip-slip. Bounded work: it reads each entry once and stops an entry that inflates past its
 * declared size, so a malicious or broken zip cannot make it hang or fill the disk.
 *
 * <p>Thread-safe: no shared state.
 */
public final class ZipInspector {

  private ZipInspector() {}

  /** Reads and verifies {@code zip}. */
  public static ZipListing read(Path zip) throws ZipCheckException {
    if (!Files.isRegularFile(zip)) {
      throw new CorruptZipException(zip, "no such zip file", null);
    }
    List<ZipEntryInfo> out = new ArrayList<>();
    try (ZipFile zf = ZipFile.builder().setPath(zip).get()) {
      Enumeration<ZipArchiveEntry> entries = zf.getEntriesInPhysicalOrder();
      byte[] buf = new byte[64 * 1024];
      while (entries.hasMoreElements()) {
        ZipArchiveEntry e = entries.nextElement();
        checkName(zip, e.getName());
        if (e.isDirectory()) {
          out.add(new ZipEntryInfo(e.getName(), e.getUnixMode() & 0777, 0, true, false));
          continue;
        }
        if (!zf.canReadEntryData(e)) {
          throw new CorruptZipException(
              zip, "entry '" + e.getName() + "' uses a compression method or encryption this reader does not support ("
                  + e.getMethod() + "); store it or deflate it", null);
        }
        long declared = e.getSize();
        CRC32 crc = new CRC32();
        long n = 0;
        try (InputStream in = zf.getInputStream(e)) {
          int r;
          while ((r = in.read(buf)) >= 0) {
            n += r;
            if (declared >= 0 && n > declared) {
              throw new CorruptZipException(
                  zip, "entry '" + e.getName() + "' inflates past its declared size of " + declared + " bytes", null);
            }
            crc.update(buf, 0, r);
          }
        } catch (IOException | RuntimeException ex) {
          throw new CorruptZipException(
              zip, "entry '" + e.getName() + "' cannot be read (corrupt or truncated data: " + ex.getMessage()
                  + "); rebuild the zip (mvn package) or download it again", ex);
        }
        if (declared >= 0 && n != declared) {
          throw new CorruptZipException(
              zip, "entry '" + e.getName() + "' holds " + n + " bytes but declares " + declared + " (truncated?)", null);
        }
        if (e.getCrc() >= 0 && crc.getValue() != e.getCrc()) {
          throw new CorruptZipException(
              zip, "entry '" + e.getName() + "' fails its CRC-32 check (corrupt data); rebuild the zip", null);
        }
        out.add(new ZipEntryInfo(e.getName(), e.getUnixMode() & 0777, n, false, e.isUnixSymlink()));
      }
    } catch (ZipCheckException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new CorruptZipException(
          zip, "cannot be read as a zip (corrupt or truncated?): " + e.getMessage()
              + "; rebuild it (mvn package) or download it again", e);
    }
    return new ZipListing(zip, out);
  }

  /** Refuses absolute names, drive letters, backslashes and {@code ..} segments. */
  static void checkName(Path zip, String name) throws ZipSlipException {
    if (name.isEmpty() || name.startsWith("/") || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0
        || (name.length() > 1 && name.charAt(1) == ':')) {
      throw new ZipSlipException(zip, name);
    }
    for (String segment : name.split("/")) {
      if (segment.equals("..")) {
        throw new ZipSlipException(zip, name);
      }
    }
  }
}
