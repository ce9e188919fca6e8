package io.github.shelllambda.plugin.layers;

import io.github.shelllambda.plugin.ShellLambdaProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.shelllambda.plugin.packaging.BuiltZip;
import io.github.shelllambda.plugin.packaging.RecordingLog;
import io.github.shelllambda.runtime.elf.WrongArchitectureException;
import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.zip.ZipExtractor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JqLayerTest {
  private static final JqParameters NAMES =
      new JqParameters(ShellLambdaProperties.JQ_PARAMETER, ShellLambdaProperties.JQ_FILE_PARAMETER);

  static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;
  HttpServer server;
  final List<String> requests = new CopyOnWriteArrayList<>();
  byte[] arm64;
  String arm64Sha;
  RecordingLog log = new RecordingLog();

  @BeforeEach
  void serve() throws Exception {
    arm64 = Files.readAllBytes(Gojq.of(Architecture.ARM64));
    arm64Sha = BinaryDownloader.sha256Hex(Gojq.of(Architecture.ARM64));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
      String path = ex.getRequestURI().getPath();
      if (path.endsWith("/jq-linux-arm64")) {
        ex.sendResponseHeaders(200, arm64.length);
        ex.getResponseBody().write(arm64);
      } else if (path.endsWith("/moved")) {
        ex.getResponseHeaders().add("Location", "/releases/jq-linux-arm64");
        ex.sendResponseHeaders(302, -1);
      } else {
        ex.sendResponseHeaders(404, -1);
      }
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  BinaryDownloader downloader() {
    return new BinaryDownloader(dir.resolve("repo/.cache/shell-lambda"), null, false, NAMES);
  }

  @Test
  void downloadsOnceVerifiesAndBuildsTheLayer() throws Exception {
    JqSource.Download src = new JqSource.Download(url("/releases/jq-linux-arm64"), arm64Sha);
    BuiltZip z = JqLayer.build(src, Architecture.ARM64, dir.resolve("jq.zip"), T, downloader(), log);
    assertThat(z.listing().entries()).extracting(e -> e.name() + " " + e.modeString())
        .containsExactly("bin/ drwxr-xr-x", "bin/jq -rwxr-xr-x");
    Path opt = dir.resolve("opt");
    ZipExtractor.extract(z.path(), opt);
    assertThat(Files.readAllBytes(opt.resolve("bin/jq"))).isEqualTo(arm64);
    assertThat(requests).hasSize(1);
    assertThat(downloader().cachePath(src.url(), arm64Sha)).exists()
        .startsWith(dir.resolve("repo/.cache/shell-lambda/sha256/" + arm64Sha));

    BuiltZip again = JqLayer.build(src, Architecture.ARM64, dir.resolve("jq2.zip"), T, downloader(), log);
    assertThat(requests).as("served from the cache").hasSize(1);
    assertThat(again.codeSha256()).isEqualTo(z.codeSha256());
  }

  @Test
  void offlineUsesOnlyTheCache() throws Exception {
    JqSource.Download src = new JqSource.Download(url("/releases/jq-linux-arm64"), arm64Sha);
    BinaryDownloader offline = new BinaryDownloader(dir.resolve("repo/.cache/shell-lambda"), null, true, NAMES);
    assertThatThrownBy(() -> JqLayer.resolve(src, offline, log)).isInstanceOf(DownloadException.class)
        .hasMessageContaining("offline").hasMessageContaining("-Dshell-lambda.jq.file");
    assertThat(requests).isEmpty();
    JqLayer.resolve(src, downloader(), log);
    assertThat(Files.readAllBytes(JqLayer.resolve(src, offline, log))).isEqualTo(arm64);
    assertThat(requests).hasSize(1);
  }

  @Test
  void followsRedirects() throws Exception {
    Path p = JqLayer.resolve(new JqSource.Download(url("/moved"), arm64Sha), downloader(), log);
    assertThat(Files.readAllBytes(p)).isEqualTo(arm64);
  }

  @Test
  void checksumMismatchNamesBothDigestsAndCachesNothing() throws Exception {
    String wrong = "0".repeat(64);
    JqSource.Download src = new JqSource.Download(url("/releases/jq-linux-arm64"), wrong);
    assertThatThrownBy(() -> JqLayer.build(src, Architecture.ARM64, dir.resolve("jq.zip"), T, downloader(), log))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining(wrong).hasMessageContaining(arm64Sha);
    assertThat(downloader().cachePath(src.url(), wrong)).doesNotExist();
    assertThat(dir.resolve("jq.zip")).doesNotExist();
  }

  @Test
  void tamperedCacheIsNoticedAndDownloadedAgain() throws Exception {
    JqSource.Download src = new JqSource.Download(url("/releases/jq-linux-arm64"), arm64Sha);
    Path cached = JqLayer.resolve(src, downloader(), log);
    Files.write(cached, new byte[] {1, 2, 3});
    Path again = JqLayer.resolve(src, downloader(), log);
    assertThat(Files.readAllBytes(again)).isEqualTo(arm64);
    assertThat(requests).hasSize(2);
    assertThat(log.warnings).anyMatch(w -> w.contains("has SHA-256") && w.contains(arm64Sha));
  }

  @Test
  void httpErrorIsADownloadFailure() {
    assertThatThrownBy(() -> JqLayer.resolve(new JqSource.Download(url("/nope"), arm64Sha), downloader(), log))
        .isInstanceOf(DownloadException.class).hasMessageContaining("HTTP 404")
        .hasMessageContaining("-Dshell-lambda.jq.file");
  }

  @Test
  void unreachableHostIsADownloadFailure() throws Exception {
    int port;
    try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI closed = URI.create("http://127.0.0.1:" + port + "/jq");
    assertThatThrownBy(() -> JqLayer.resolve(new JqSource.Download(closed, arm64Sha), downloader(), log))
        .isInstanceOf(DownloadException.class).hasMessageContaining("proxy in Maven's settings.xml");
  }

  @Test
  void goesThroughTheProxyOfMavenSettings() throws Exception {
    // The loopback server plays the proxy: the request arrives with the absolute URI of a host that does not resolve.
    HttpProxy proxy = new HttpProxy("127.0.0.1", server.getAddress().getPort(), null, null, null);
    URI remote = URI.create("http://jq.example.invalid/releases/jq-linux-arm64");
    Path p = new BinaryDownloader(dir.resolve("cache"), proxy, false, NAMES).fetch(remote, arm64Sha, "the jq binary", log);
    assertThat(Files.readAllBytes(p)).isEqualTo(arm64);
    assertThat(requests).containsExactly("GET http://jq.example.invalid/releases/jq-linux-arm64");
  }

  @Test
  void authenticatesToTheProxyWithTheSettingsCredentials() throws Exception {
    String expected = "Basic " + java.util.Base64.getEncoder().encodeToString("builder:s3cret".getBytes());
    HttpServer proxyServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    List<String> auth = new CopyOnWriteArrayList<>();
    proxyServer.createContext("/", ex -> {
      String header = ex.getRequestHeaders().getFirst("Proxy-Authorization");
      auth.add(String.valueOf(header));
      if (!expected.equals(header)) {
        ex.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"proxy\"");
        ex.sendResponseHeaders(407, -1);
      } else {
        ex.sendResponseHeaders(200, arm64.length);
        ex.getResponseBody().write(arm64);
      }
      ex.close();
    });
    proxyServer.start();
    try {
      HttpProxy proxy = new HttpProxy("127.0.0.1", proxyServer.getAddress().getPort(), "builder", "s3cret", null);
      URI remote = URI.create("http://jq.example.invalid/releases/jq-linux-arm64");
      Path p = new BinaryDownloader(dir.resolve("cache"), proxy, false, NAMES).fetch(remote, arm64Sha, "the jq binary", log);
      assertThat(Files.readAllBytes(p)).isEqualTo(arm64);
      assertThat(auth).last().isEqualTo(expected);
      assertThat(String.join("\n", log.infos)).doesNotContain("s3cret");
    } finally {
      proxyServer.stop(0);
    }
  }

  @Test
  void nonProxyHostsBypassTheProxy() {
    HttpProxy proxy = new HttpProxy("proxy", 3128, "u", "secret", "localhost|*.internal.example|10.0.0.1");
    assertThat(proxy.appliesTo("github.com")).isTrue();
    assertThat(proxy.appliesTo("repo.internal.example")).isFalse();
    assertThat(proxy.appliesTo("LOCALHOST")).isFalse();
    assertThat(proxy.appliesTo("10.0.0.12")).isTrue();
    assertThat(proxy.toString()).doesNotContain("secret");
  }

  @Test
  void urlWithoutSha256IsRefused() {
    assertThatThrownBy(() -> JqLayer.resolve(new JqSource.Download(url("/x"), null), downloader(), log))
        .isInstanceOf(InvalidJqSourceException.class).hasMessageContaining("<jq><sha256>");
    assertThat(requests).isEmpty();
  }

  @Test
  void localFileOfTheOtherArchitectureIsRefused() {
    JqSource src = new JqSource.LocalFile(Gojq.of(Architecture.ARM64));
    assertThatThrownBy(() -> JqLayer.build(src, Architecture.X86_64, dir.resolve("jq.zip"), T, downloader(), log))
        .isInstanceOf(WrongArchitectureException.class)
        .hasMessageContaining("AArch64").hasMessageContaining("x86_64").hasMessageContaining("exec format error");
  }

  @Test
  void dynamicallyLinkedBinaryIsRefused() throws Exception {
    Path ls = Path.of("/bin/ls").toRealPath();
    Architecture host = Architecture.host().orElseThrow();
    assertThatThrownBy(() -> JqLayer.build(new JqSource.LocalFile(ls), host, dir.resolve("jq.zip"), T, downloader(),
        log)).isInstanceOf(UnsuitableBinaryException.class)
        .hasMessageContaining("dynamically linked").hasMessageContaining("provided.al2023");
  }

  @Test
  void scriptIsNotABinary() throws Exception {
    Path script = Files.writeString(dir.resolve("jq"), "#!/bin/sh\nexec jq \"$@\"\n");
    assertThatThrownBy(() -> JqLayer.build(new JqSource.LocalFile(script), Architecture.ARM64, dir.resolve("j.zip"),
        T, downloader(), log)).isInstanceOf(WrongArchitectureException.class).hasMessageContaining("not an ELF");
  }

  @Test
  void missingLocalFile() {
    assertThatThrownBy(() -> JqLayer.resolve(new JqSource.LocalFile(dir.resolve("nope")), downloader(), log))
        .isInstanceOf(InvalidJqSourceException.class).hasMessageContaining("-Dshell-lambda.jq.file");
  }

  @Test
  void resolvedArtifactIsCheckedAgainstItsOptionalSha256() throws Exception {
    Path file = Gojq.of(Architecture.X86_64);
    String sha = BinaryDownloader.sha256Hex(file);
    assertThat(JqLayer.resolve(new JqSource.ResolvedArtifact("g:jq:1", file, sha), downloader(), log)).isEqualTo(file);
    assertThat(JqLayer.resolve(new JqSource.ResolvedArtifact("g:jq:1", file, null), downloader(), log)).isEqualTo(file);
    assertThatThrownBy(() -> JqLayer.resolve(new JqSource.ResolvedArtifact("g:jq:1", file, arm64Sha), downloader(),
        log)).isInstanceOf(ChecksumMismatchException.class).hasMessageContaining(sha).hasMessageContaining(arm64Sha)
        .hasMessageContaining("g:jq:1");
  }

  @Test
  void officialDefaultsPointAtJq181() {
    assertThat(JqSource.officialRelease(Architecture.ARM64).url().toString()).endsWith("jq-1.8.1/jq-linux-arm64");
    assertThat(JqSource.officialRelease(Architecture.X86_64).sha256())
        .isEqualTo("020468de7539ce70ef1bceaf7cde2e8c4f2ca6c3afb84642aabc5c97d9fc2a0d");
  }
}
