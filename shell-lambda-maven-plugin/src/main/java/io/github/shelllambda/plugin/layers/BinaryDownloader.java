package io.github.shelllambda.plugin.layers;

import io.github.shelllambda.plugin.packaging.BuildLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Downloads a binary once into a content-addressed cache (one folder per SHA-256) and verifies
 * the SHA-256 on every use, so a corrupted or replaced cache file is noticed, not packaged.
 * Safe for concurrent builds: a download goes to a temporary file and is moved into place.
 */
public final class BinaryDownloader {

  private final Path cacheRoot;
  private final HttpProxy proxy;
  private final boolean offline;
  private final JqParameters names;

  /**
   * @param cacheRoot the cache folder (the Mojos use {@code <local repository>/.cache/shell-lambda})
   * @param proxy the proxy from Maven's settings, or null for a direct connection
   */
  public BinaryDownloader(Path cacheRoot, HttpProxy proxy) {
    this(cacheRoot, proxy, false);
  }

  /**
   * @param offline true when Maven runs offline ({@code -o}): only the cache is used
   */
  public BinaryDownloader(Path cacheRoot, HttpProxy proxy, boolean offline) {
    this(cacheRoot, proxy, offline, JqParameters.NEUTRAL);
  }

  /**
   * @param names how the user sets the jq source, for messages (the Mojo passes them)
   */
  public BinaryDownloader(Path cacheRoot, HttpProxy proxy, boolean offline, JqParameters names) {
    this.cacheRoot = cacheRoot;
    this.proxy = proxy;
    this.offline = offline;
    this.names = names;
  }

  /** How the user sets the jq source, for messages. */
  public JqParameters names() {
    return names;
  }

  /** The cache file for a download: {@code <cacheRoot>/sha256/<hex>/<file name of the URL>}. */
  public Path cachePath(URI url, String sha256) {
    String path = url.getPath();
    String name = path == null || path.isEmpty() || path.endsWith("/") ? "download"
        : path.substring(path.lastIndexOf('/') + 1);
    return cacheRoot.resolve("sha256").resolve(sha256.toLowerCase(Locale.ROOT)).resolve(name);
  }

  /** The verified cache file for {@code url}, downloading it first when it is not cached (or no longer verifies). */
  public Path fetch(URI url, String sha256, String what, BuildLog log) throws IOException, ChecksumMismatchException {
    String expected = sha256.toLowerCase(Locale.ROOT);
    Path cached = cachePath(url, expected);
    if (Files.isRegularFile(cached)) {
      String actual = sha256Hex(cached);
      if (actual.equals(expected)) {
        log.debug("Using " + what + " from the cache: " + cached);
        return cached;
      }
      log.warn("The cached " + what + " " + cached + " has SHA-256 " + actual + " instead of " + expected
          + "; downloading it again");
      Files.delete(cached);
    }
    if (offline) {
      throw new DownloadException(what + " is not in the cache (" + cached + ") and Maven runs offline (-o)."
          + " Build once online, or use a local binary: " + names.useLocalFile(), null);
    }
    Files.createDirectories(cached.getParent());
    Path tmp = Files.createTempFile(cached.getParent(), ".download", ".tmp");
    try {
      log.info("Downloading " + what + " from " + url + (proxy != null && proxy.appliesTo(url.getHost())
          ? " through proxy " + proxy.host() + ":" + proxy.port() : ""));
      String actual = download(url, tmp, what);
      if (!actual.equals(expected)) {
        throw new ChecksumMismatchException(what + " downloaded from " + url, expected, actual,
            "Check the URL and the <sha256> next to it: the file may have been replaced, or the download"
                + " tampered with. Nothing was cached");
      }
      Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return cached;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private String download(URI url, Path target, String what) throws IOException {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new DownloadException("the URL of " + what + " is '" + url + "'; only http and https URLs are"
          + " downloaded (for a local file use " + names.child("file") + " or " + names.jqFile() + ")", null);
    }
    HttpClient.Builder b = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(30));
    if (proxy != null) {
      InetSocketAddress address = InetSocketAddress.createUnresolved(proxy.host(), proxy.port());
      b.proxy(new ProxySelector() {
        @Override
        public List<Proxy> select(URI uri) {
          return proxy.appliesTo(uri.getHost()) ? List.of(new Proxy(Proxy.Type.HTTP, address))
              : List.of(Proxy.NO_PROXY);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
      });
      if (proxy.username() != null && !proxy.username().isEmpty()) {
        char[] password = proxy.password() == null ? new char[0] : proxy.password().toCharArray();
        b.authenticator(new Authenticator() {
          @Override
          protected PasswordAuthentication getPasswordAuthentication() {
            return getRequestorType() == RequestorType.PROXY
                ? new PasswordAuthentication(proxy.username(), password) : null;
          }
        });
      }
    }
    HttpClient client = b.build();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10))
        .header("User-Agent", "shell-lambda-maven-plugin").GET().build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DownloadException("interrupted while downloading " + what + " from " + url, e);
    } catch (IOException e) {
      throw new DownloadException("cannot download " + what + " from " + url + ": " + e
          + ". Check the network and the proxy in Maven's settings.xml, or build offline with a local binary"
          + " (" + names.useLocalFile() + ")", e);
    }
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new DownloadException("cannot download " + what + " from " + url + ": HTTP " + response.statusCode()
            + ". Check the URL, or build with a local binary (" + names.useLocalFile() + ")", null);
      }
      MessageDigest md = sha256();
      try (OutputStream out = Files.newOutputStream(target)) {
        byte[] buf = new byte[64 * 1024];
        int r;
        while ((r = in.read(buf)) >= 0) {
          md.update(buf, 0, r);
          out.write(buf, 0, r);
        }
      } catch (IOException e) {
        throw new DownloadException("the download of " + what + " from " + url + " broke off: " + e, e);
      }
      return HexFormat.of().formatHex(md.digest());
    }
  }

  /** Lower-case hex SHA-256 of a file. */
  public static String sha256Hex(Path file) throws IOException {
    MessageDigest md = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[64 * 1024];
      int r;
      while ((r = in.read(buf)) >= 0) {
        md.update(buf, 0, r);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
