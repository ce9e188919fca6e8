package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.failure.UserMistakeException;
import io.github.shelllambda.plugin.layers.BinaryDownloader;
import io.github.shelllambda.plugin.layers.HttpProxy;
import io.github.shelllambda.plugin.layers.InvalidJqSourceException;
import io.github.shelllambda.plugin.layers.JqLayer;
import io.github.shelllambda.plugin.layers.JqParameters;
import io.github.shelllambda.plugin.layers.JqSource;
import io.github.shelllambda.plugin.layers.JqSourceSettings;
import io.github.shelllambda.plugin.packaging.BuiltZip;
import io.github.shelllambda.runtime.elf.WrongArchitectureException;
import io.github.shelllambda.runtime.function.Architecture;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Builds the jq layer {@code target/shell-lambda-jq-<arch>.zip} with {@code bin/jq} (lands at
 * {@code /opt/bin/jq}, on Lambda's PATH). Opt-in: {@code <jqEnabled>true</jqEnabled>} or {@code
 * -Dshell-lambda.jq.enabled=true}. The binary must be a static ELF for the function's architecture.
 * Which source counts is {@link JqSourceSettings}'s rule; this Mojo only adapts Maven's artifact
 * resolution, local repository and proxies to it.
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
  protected void executeGoal() throws UserMistakeException, WrongArchitectureException, IOException {
    Architecture arch = architecture();
    if (!jqEnabled) {
      getLog().info("No jq layer: <jqEnabled> is false (" + ShellLambdaProperties.JQ_ENABLED + "=true builds it)");
      return;
    }
    JqSourceSettings settings = jqSourceSettings();
    JqSource source = settings.resolve(arch, this::resolveArtifact);
    BuiltZip zip = JqLayer.build(source, arch, jqLayerZip(arch), timestamp(),
        downloader(settings.downloadProtocol()), buildLog());
    logBuilt(zip);
    checkUnzippedTotal();
  }

  private static final JqParameters JQ_NAMES =
      new JqParameters(ShellLambdaProperties.JQ_PARAMETER, ShellLambdaProperties.JQ_FILE_PARAMETER);

  /** {@code <jq>} and {@code jqFile} as configured. */
  protected JqSourceSettings jqSourceSettings() {
    return jq == null
        ? new JqSourceSettings(null, null, null, null, path(jqFile), JQ_NAMES)
        : new JqSourceSettings(jq.url, jq.sha256, path(jq.file), jq.artifact, path(jqFile), JQ_NAMES);
  }

  private static Path path(File f) {
    return f == null ? null : f.toPath();
  }

  private Path resolveArtifact(String coordinates) throws InvalidJqSourceException {
    DefaultArtifact artifact;
    try {
      artifact = new DefaultArtifact(coordinates);
    } catch (IllegalArgumentException e) {
      throw new InvalidJqSourceException(JQ_NAMES.child("artifact") + " is '" + coordinates + "'; expected"
          + " groupId:artifactId[:extension[:classifier]]:version, e.g. com.example:jq:bin:linux-arm64:1.8.1");
    }
    ArtifactRequest request = new ArtifactRequest(artifact, project.getRemoteProjectRepositories(), null);
    try {
      return repositorySystem.resolveArtifact(session.getRepositorySession(), request).getArtifact().getFile()
          .toPath();
    } catch (ArtifactResolutionException e) {
      throw new InvalidJqSourceException(JQ_NAMES.child("artifact") + " " + coordinates + " cannot be resolved from the project's"
          + " repositories: " + e.getMessage() + ". Check the coordinates and <repositories>", e);
    }
  }

  /** The downloader, caching under {@code <local repository>/.cache/shell-lambda}, through Maven's proxy. */
  protected BinaryDownloader downloader(String protocol) {
    return new BinaryDownloader(cacheRoot(), HttpProxy.choose(proxySettings(), protocol).orElse(null),
        session != null && session.isOffline(), JQ_NAMES);
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

  /** settings.xml's proxies, passwords decrypted. */
  private List<HttpProxy.Setting> proxySettings() {
    if (session == null || session.getSettings() == null) {
      return List.of();
    }
    List<Proxy> proxies = session.getSettings().getProxies();
    if (settingsDecrypter != null && !proxies.isEmpty()) {
      List<Proxy> decrypted = settingsDecrypter.decrypt(new DefaultSettingsDecryptionRequest(session.getSettings()))
          .getProxies();
      if (decrypted != null && decrypted.size() == proxies.size()) {
        proxies = decrypted;
      }
    }
    return proxies.stream()
        .map(p -> new HttpProxy.Setting(p.getProtocol(), p.isActive(),
            new HttpProxy(p.getHost(), p.getPort(), p.getUsername(), p.getPassword(), p.getNonProxyHosts())))
        .toList();
  }
}
