package io.github.shelllambda.plugin.layers;

import io.github.shelllambda.plugin.packaging.BuildLog;
import io.github.shelllambda.plugin.packaging.BuiltZip;
import io.github.shelllambda.plugin.packaging.ReproducibleZipWriter;
import io.github.shelllambda.plugin.packaging.ZipSource;
import io.github.shelllambda.runtime.elf.WrongArchitectureException;
import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.zip.ZipLayout;
import io.github.shelllambda.runtime.zip.ZipLayoutException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The jq layer: a static jq at {@code bin/jq}, so it lands at {@code /opt/bin/jq}, on Lambda's PATH. */
public final class JqLayer {

  private static final String HEX64 = "[0-9a-fA-F]{64}";

  private JqLayer() {}

  /** The conventional file name: {@code shell-lambda-jq-<arch>.zip}. */
  public static String fileName(Architecture arch) {
    return "shell-lambda-jq-" + arch.lambdaName() + ".zip";
  }

  /**
   * Builds the layer.
   *
   * @param downloader used for a {@link JqSource.Download} source
   */
  public static BuiltZip build(JqSource source, Architecture arch, Path output, Instant timestamp,
      BinaryDownloader downloader, BuildLog log) throws IOException, WrongArchitectureException,
      UnsuitableBinaryException, ChecksumMismatchException, InvalidJqSourceException, ZipLayoutException {
    Path binary = resolve(source, downloader, log);
    BinaryCheck.requireStatic(binary, arch, describe(source));
    BuiltZip zip = ReproducibleZipWriter.write(output, List.of(ZipSource.file("bin/jq", 0755, binary)), timestamp);
    try {
      ZipLayout.checkLayerZip(zip.listing());
    } catch (ZipLayoutException e) {
      Files.deleteIfExists(zip.path()); // a refused layer is not left for the next goal to take
      throw e;
    }
    return zip;
  }

  /** The local file holding the jq binary of {@code source}, verified. */
  public static Path resolve(JqSource source, BinaryDownloader downloader, BuildLog log) throws IOException,
      ChecksumMismatchException, InvalidJqSourceException {
    if (source instanceof JqSource.Download d) {
      if (d.sha256() == null || !d.sha256().matches(HEX64)) {
        throw new InvalidJqSourceException(downloader.names().child("url") + d.url() + "</url> needs its SHA-256 as "
            + downloader.names().child("sha256")
            + " (64 hex digits), found '" + d.sha256() + "'. A URL is only used with the digest it must match:"
            + " take it from the release's published checksums (e.g. sha256sum of a copy you trust)");
      }
      return downloader.fetch(d.url(), d.sha256(), "the jq binary", log);
    }
    if (source instanceof JqSource.LocalFile f) {
      if (!Files.isRegularFile(f.file())) {
        throw new InvalidJqSourceException("the jq binary " + f.file() + " (" + downloader.names().child("file")
            + " or " + downloader.names().jqFile() + ")"
            + " does not exist or is not a file; fix the path, or leave it out to download the official jq");
      }
      return f.file();
    }
    JqSource.ResolvedArtifact a = (JqSource.ResolvedArtifact) source;
    if (a.sha256() != null && !a.sha256().isBlank()) {
      if (!a.sha256().matches(HEX64)) {
        throw new InvalidJqSourceException(downloader.names().child("sha256") + " is '" + a.sha256()
            + "', not 64 hex digits");
      }
      String actual = BinaryDownloader.sha256Hex(a.file());
      if (!actual.equals(a.sha256().toLowerCase(Locale.ROOT))) {
        throw new ChecksumMismatchException("the jq artifact " + a.coordinates() + " (" + a.file() + ")",
            a.sha256().toLowerCase(Locale.ROOT), actual, "Check " + downloader.names().child("artifact") + " and "
            + downloader.names().child("sha256"));
      }
    }
    return a.file();
  }

  static String describe(JqSource source) {
    if (source instanceof JqSource.Download d) {
      return "the jq binary from " + d.url();
    }
    if (source instanceof JqSource.LocalFile f) {
      return "the jq binary " + f.file();
    }
    return "the jq artifact " + ((JqSource.ResolvedArtifact) source).coordinates();
  }
}
