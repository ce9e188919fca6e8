package io.github.shelllambda.runtime.zip;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The verified contents of a zip: every entry was read to its end and its CRC-32 checked, and no
 * entry name escapes the folder it is extracted to.
 *
 * @param zip the zip file
 * @param entries the entries in the order they are stored
 */
public record ZipListing(Path zip, List<ZipEntryInfo> entries) {

  public ZipListing {
    entries = List.copyOf(entries);
  }

  /** The entry with exactly this name. */
  public Optional<ZipEntryInfo> entry(String name) {
    return entries.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** Sum of the uncompressed sizes of the files: what the zip takes once extracted. */
  public long unzippedSize() {
    return entries.stream().filter(e -> !e.directory()).mapToLong(ZipEntryInfo::size).sum();
  }

  /** Number of file (non-directory) entries. */
  public long fileCount() {
    return entries.stream().filter(e -> !e.directory()).count();
  }
}
