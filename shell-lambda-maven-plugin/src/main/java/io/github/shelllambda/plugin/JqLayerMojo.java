package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.layers.BinaryDownloader;
import io.github.shelllambda.plugin.layers.HttpProxy;
import io.github.shelllambda.plugin.layers.InvalidJqSourceException;
import io.github.shelllambda.plugin.layers.JqLayer;
import io.github.shelllambda.plugin.layers.JqSource;
import io.github.shelllambda.plugin.packaging.BuiltZip;
import io.github.shelllambda.plugin.packaging.PackagingException;
import io.github.shelllambda.runtime.elf.WrongArchitectureException;
import io.github.shelllambda.runtime.function.Architecture;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Builds the jq layer {@code target/shell-lambda-jq-<arch>.zip} with {@code bin/jq} (lands at
 * {@code /opt/bin/jq}, on Lambda's PATH). Opt-in: {@code <jqEnabled>true</jqEnabled>} or {@code
 * -Dshell-lambda.jq.enabled=true}. The binary must be a static ELF for the function's architecture.
 */
@Mojo(name = "jq-layer", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class JqLayerMojo extends AbstractShellLambdaMojo {

  /** Skips this goal. Default {@code false}. */
  @Parameter(property = ShellLambdaProperties.JQ_LAYER_SKIP, defaultValue = "false")
  protected boolean skipJqLayer;

  @Component
  protected RepositorySystem repositorySystem;

  @Component
  protected SettingsDecrypter settingsDecrypter;

  @Override
  protected String goal() {
    return "jq-layer";
  }

  @Override
  protected boolean skipGoal() {
    return skipJqLayer;
  }

  @Override
  protected void executeGoal() throws MojoExecutionException, MojoFailureException, PackagingException,
      WrongArchitectureException, IOException {
    Architecture arch = architecture();
    if (!jqEnabled) {
      getLog().info("No jq layer: <jqEnabled> is false (" + ShellLambdaProperties.JQ_ENABLED + "=true builds it)");
      return;
    }
    JqSource source = jqSource(arch);
    BuiltZip zip = JqLayer.build(source, arch, jqLayerZip(arch), timestamp(), downloader(), buildLog());
    logBuilt(zip);
    checkUnzippedTotal();
  }

  /** The configured source: {@code jqFile} first, then {@code <jq>}, then the official release. */
  protected JqSource jqSource(Architecture arch) throws MojoFailureException, PackagingException {
    if (jqFile != null) {
      return new JqSource.LocalFile(jqFile.toPath());
    }
    if (jq == null || jq.url == null && jq.file == null && jq.artifact == null) {
      if (jq != null && jq.sha256 != null) {
        throw new InvalidJqSourceException("<jq><sha256> is set without <url> or <artifact>; add the <url> it"
            + " belongs to, or remove it to use the official jq 1.8.1");
      }
      return JqSource.officialRelease(arch);
    }
    int set = (jq.url != null ? 1 : 0) + (jq.file != null ? 1 : 0) + (jq.artifact != null ? 1 : 0);
    if (set > 1) {
      throw new InvalidJqSourceException("<jq> sets more than one of <url>, <file> and <artifact>; keep one"
          + " (-D" + ShellLambdaProperties.JQ_FILE + "=PATH overrides them all from the command line)");
    }
    if (jq.file != null) {
      return new JqSource.LocalFile(jq.file.toPath());
    }
    if (jq.url != null) {
      try {
        return new JqSource.Download(new URI(jq.url.trim()), jq.sha256);
      } catch (URISyntaxException e) {
        throw new InvalidJqSourceException("<jq><url> is '" + jq.url + "', not a URL: " + e.getMessage());
      }
    }
    return new JqSource.ResolvedArtifact(jq.artifact, resolveArtifact(jq.artifact), jq.sha256);
  }

  private Path resolveArtifact(String coordinates) throws MojoFailureException {
    DefaultArtifact artifact;
    try {
      artifact = new DefaultArtifact(coordinates.trim());
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("<jq><artifact> is '" + coordinates + "'; expected"
          + " groupId:artifactId[:extension[:classifier]]:version, e.g. com.example:jq:bin:linux-arm64:1.8.1");
    }
    ArtifactRequest request = new ArtifactRequest(artifact, project.getRemoteProjectRepositories(), null);
    try {
      return repositorySystem.resolveArtifact(session.getRepositorySession(), request).getArtifact().getFile()
          .toPath();
    } catch (ArtifactResolutionException e) {
      throw new MojoFailureException("<jq><artifact> " + coordinates + " cannot be resolved from the project's"
          + " repositories: " + e.getMessage() + ". Check the coordinates and <repositories>", e);
    }
  }

  /** The downloader, caching under {@code <local repository>/.cache/shell-lambda}, through Maven's proxy. */
  protected BinaryDownloader downloader() {
    return new BinaryDownloader(cacheRoot(), proxy(), session != null && session.isOffline());
  }

  private Path cacheRoot() {
    File base = null;
    if (session != null && session.getRepositorySession() != null
        && session.getRepositorySession().getLocalRepository() != null) {
      base = session.getRepositorySession().getLocalRepository().getBasedir();
    } else if (session != null && session.getSettings() != null && session.getSettings().getLocalRepository() != null) {
      base = new File(session.getSettings().getLocalRepository());
    }
    if (base == null) {
      base = new File(System.getProperty("user.home"), ".m2/repository");
    }
    return base.toPath().resolve(".cache").resolve("shell-lambda");
  }

  /** The active proxy of Maven's settings for the download's protocol (https first), decrypted. */
  private HttpProxy proxy() {
    if (session == null || session.getSettings() == null) {
      return null;
    }
    String protocol = jq != null && jq.url != null && jq.url.trim().toLowerCase(Locale.ROOT).startsWith("http:")
        ? "http" : "https";
    Proxy chosen = null;
    for (Proxy p : session.getSettings().getProxies()) {
      if (p.isActive() && protocol.equalsIgnoreCase(p.getProtocol())) {
        chosen = p;
        break;
      }
    }
    if (chosen == null) {
      chosen = session.getSettings().getActiveProxy();
    }
    if (chosen == null) {
      return null;
    }
    if (settingsDecrypter != null) {
      SettingsDecryptionResult r = settingsDecrypter.decrypt(new DefaultSettingsDecryptionRequest(chosen));
      if (r.getProxy() != null) {
        chosen = r.getProxy();
      }
    }
    return new HttpProxy(chosen.getHost(), chosen.getPort(), chosen.getUsername(), chosen.getPassword(),
        chosen.getNonProxyHosts());
  }
}
