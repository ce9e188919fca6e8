package io.github.shelllambda.runtime.controlplane;

import io.github.shelllambda.runtime.zip.ZipCheckException;
import io.github.shelllambda.runtime.zip.ZipInspector;
import io.github.shelllambda.runtime.zip.ZipListing;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Zips by content: {@code code/<sha256 hex>.zip} under the state directory, each checked by
 * {@link ZipInspector} (integrity, zip-slip) before it is kept, so the plane never runs a zip it
 * has not checked. Written atomically (temporary file, fsync, rename) before any state names it;
 * never deleted while the plane runs (a deleted layer version stays usable by the functions that
 * resolved it, as on Lambda).
 */
final class CodeStore {
  private final Path dir;
  private final Path tmp;

  CodeStore(Path stateDirectory) throws IOException {
    this.dir = Files.createDirectories(stateDirectory.resolve("code"));
    this.tmp = Files.createDirectories(stateDirectory.resolve("tmp"));
  }

  /** The result of {@link #put}: the code's identity and the verified listing. */
  record Stored(Store.Code code, ZipListing listing) {}

  /**
   * Checks and keeps a zip.
   *
   * @throws InvalidParameterValueException the bytes are not a zip that passes the checks (Lambda's message, then why)
   */
  Stored put(byte[] zip) throws IOException {
    String sha = base64Sha256(zip);
    Path target = path(sha);
    Path candidate = Files.createTempFile(tmp, "upload-", ".zip");
    try {
      Files.write(candidate, zip);
      ZipListing listing;
      try {
        listing = ZipInspector.read(candidate);
      } catch (ZipCheckException e) {
        String why = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
        throw new InvalidParameterValueException(
            "Could not unzip uploaded file. Please check your file, then try to upload again. (" + why + ")");
      }
      if (!Files.exists(target)) {
        try (FileChannel ch = FileChannel.open(candidate, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        Files.move(candidate, target, StandardCopyOption.ATOMIC_MOVE);
      }
      return new Stored(new Store.Code(sha, zip.length, listing.unzippedSize()), listing);
    } finally {
      Files.deleteIfExists(candidate);
    }
  }

  /** Where a stored zip is. */
  Path path(String base64Sha256) {
    return dir.resolve(HexFormat.of().formatHex(Base64.getDecoder().decode(base64Sha256)) + ".zip");
  }

  boolean has(Store.Code code) {
    return Files.isRegularFile(path(code.sha256()));
  }

  /** Lambda's CodeSha256: base64 of the SHA-256 of the zip's bytes. */
  static String base64Sha256(byte[] bytes) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
