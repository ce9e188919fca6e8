package io.github.shelllambda.plugin.layers;

import io.github.shelllambda.runtime.function.Architecture;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the user said the jq binary comes from, as configured: the nested {@code <jq>} element
 * ({@code url} + {@code sha256}, {@code file}, or {@code artifact}) and the flat {@code
 * -Dshell-lambda.jq.file} that overrides it. {@link #resolve} turns it into one {@link JqSource}
 * or says what to fix. All values may be null.
 *
 * @param url {@code <jq><url>}
 * @param sha256 {@code <jq><sha256>}
 * @param file {@code <jq><file>}
 * @param artifact {@code <jq><artifact>}, Maven coordinates
 * @param fileOverride {@code <jqFile>} / {@code -Dshell-lambda.jq.file}
 * @param names how the user sets these, for messages
 */
public record JqSourceSettings(
    String url, String sha256, Path file, String artifact, Path fileOverride, JqParameters names) {

  /** The settings, worded without parameter names ({@link JqParameters#NEUTRAL}). */
  public JqSourceSettings(String url, String sha256, Path file, String artifact, Path fileOverride) {
    this(url, sha256, file, artifact, fileOverride, JqParameters.NEUTRAL);
  }

  /** Resolves Maven coordinates to a local file (the Mojo does it through the project's repositories). */
  @FunctionalInterface
  public interface ArtifactResolver {
    /**
     * @throws InvalidJqSourceException the coordinates are malformed or name nothing resolvable
     */
    Path resolve(String coordinates) throws InvalidJqSourceException, IOException;
  }

  /**
   * The one source to use: the override first, then {@code <jq>}, then the official jq 1.8.1
   * release for {@code arch}.
   *
   * @throws InvalidJqSourceException the settings contradict each other or are malformed
   */
  public JqSource resolve(Architecture arch, ArtifactResolver artifacts) throws InvalidJqSourceException, IOException {
    if (fileOverride != null) {
      return new JqSource.LocalFile(fileOverride);
    }
    if (url == null && file == null && artifact == null) {
      if (sha256 != null) {
        throw new InvalidJqSourceException(names.child("sha256") + " is set without <url> or <artifact>; add the"
            + " <url> it belongs to, or remove it to use the official jq 1.8.1");
      }
      return JqSource.officialRelease(arch);
    }
    int set = (url != null ? 1 : 0) + (file != null ? 1 : 0) + (artifact != null ? 1 : 0);
    if (set > 1) {
      throw new InvalidJqSourceException("<" + names.jq().element() + "> sets more than one of <url>, <file> and"
          + " <artifact>; keep one (" + names.useLocalFile() + " overrides them all from the command line)");
    }
    if (file != null) {
      return new JqSource.LocalFile(file);
    }
    if (url != null) {
      try {
        return new JqSource.Download(new URI(url.trim()), sha256);
      } catch (URISyntaxException e) {
        throw new InvalidJqSourceException(names.child("url") + " is '" + url + "', not a URL: " + e.getMessage());
      }
    }
    return new JqSource.ResolvedArtifact(artifact, artifacts.resolve(artifact.trim()), sha256);
  }

  /** The protocol a download would use, to pick Maven's proxy for it: {@code http} or {@code https}. */
  public String downloadProtocol() {
    return fileOverride == null && url != null && url.trim().toLowerCase(Locale.ROOT).startsWith("http:")
        ? "http" : "https";
  }
}
