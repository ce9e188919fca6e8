package io.github.shelllambda.plugin.layers;

import io.github.shelllambda.runtime.function.Architecture;
import java.net.URI;
import java.nio.file.Path;

/** Where the jq binary of the jq layer comes from. */
public sealed interface JqSource {

  /** A download, verified against its SHA-256 (hex) on every use. */
  record Download(URI url, String sha256) implements JqSource {}

  /** A binary on the local file system (offline builds). */
  record LocalFile(Path file) implements JqSource {}

  /**
   * A binary resolved from Maven coordinates by the caller (the Mojo, through the project's
   * repositories); {@code sha256} is optional here, since the repository already checksums it.
   */
  record ResolvedArtifact(String coordinates, Path file, String sha256) implements JqSource {}

  /** The official static jq 1.8.1 release asset for {@code arch}, with its published SHA-256. */
  static Download officialRelease(Architecture arch) {
    return switch (arch) {
      case X86_64 -> new Download(URI.create("https://github.com/jqlang/jq/releases/download/jq-1.8.1/jq-linux-amd64"),
          "020468de7539ce70ef1bceaf7cde2e8c4f2ca6c3afb84642aabc5c97d9fc2a0d");
      case ARM64 -> new Download(URI.create("https://github.com/jqlang/jq/releases/download/jq-1.8.1/jq-linux-arm64"),
          "6bc62f25981328edd3cfcfe6fe51b073f2d7e7710d7ef7fcdac28d4e384fc3d4");
    };
  }
}
