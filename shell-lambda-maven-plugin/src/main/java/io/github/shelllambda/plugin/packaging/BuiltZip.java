package io.github.shelllambda.plugin.packaging;

import io.github.shelllambda.runtime.zip.ZipListing;
import java.nio.file.Path;

/**
 * A zip this plugin wrote and checked.
 *
 * @param path where it is
 * @param size its size in bytes
 * @param codeSha256 base64 of the SHA-256 of its bytes: the {@code CodeSha256} Lambda reports for it
 * @param listing its verified contents
 */
public record BuiltZip(Path path, long size, String codeSha256, ZipListing listing) {

  /** The line the goals log: "Built target/x.zip (812 bytes, CodeSha256 ...)". */
  public String summary(Path relativeTo) {
    Path shown = path;
    if (relativeTo != null && path.toAbsolutePath().startsWith(relativeTo.toAbsolutePath())) {
      shown = relativeTo.toAbsolutePath().relativize(path.toAbsolutePath());
    }
    return "Built " + shown + " (" + size + " bytes, " + listing.fileCount()
        + (listing.fileCount() == 1 ? " file, " : " files, ") + listing.unzippedSize()
        + " bytes unzipped, CodeSha256 " + codeSha256 + ")";
  }
}
