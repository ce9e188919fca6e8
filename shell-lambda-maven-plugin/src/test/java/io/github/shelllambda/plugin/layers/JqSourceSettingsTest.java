package io.github.shelllambda.plugin.layers;

import io.github.shelllambda.plugin.ShellLambdaProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.shelllambda.runtime.function.Architecture;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which jq source a configuration means, and which of Maven's proxies a download uses. */
class JqSourceSettingsTest {
  private static final JqParameters NAMES =
      new JqParameters(ShellLambdaProperties.JQ_PARAMETER, ShellLambdaProperties.JQ_FILE_PARAMETER);
  static final Architecture ARCH = Architecture.ARM64;

  private static Path noArtifacts(String coordinates) {
    throw new AssertionError("no artifact should be resolved, asked for " + coordinates);
  }

  @Test
  void nothingConfiguredMeansTheOfficialRelease() throws Exception {
    assertThat(new JqSourceSettings(null, null, null, null, null, NAMES).resolve(ARCH, JqSourceSettingsTest::noArtifacts))
        .isEqualTo(JqSource.officialRelease(ARCH));
  }

  @Test
  void theFlatFileOverridesEverythingNested() throws Exception {
    JqSourceSettings s = new JqSourceSettings("https://example.com/jq", "ab", Path.of("/a"), "g:a:1", Path.of("/b"), NAMES);
    assertThat(s.resolve(ARCH, JqSourceSettingsTest::noArtifacts)).isEqualTo(new JqSource.LocalFile(Path.of("/b")));
    assertThat(s.downloadProtocol()).isEqualTo("https");
  }

  @Test
  void oneNestedSourceEach() throws Exception {
    assertThat(new JqSourceSettings(" http://example.com/jq ", "ab", null, null, null, NAMES)
        .resolve(ARCH, JqSourceSettingsTest::noArtifacts))
        .isEqualTo(new JqSource.Download(URI.create("http://example.com/jq"), "ab"));
    assertThat(new JqSourceSettings(" http://example.com/jq ", "ab", null, null, null, NAMES).downloadProtocol())
        .isEqualTo("http");
    assertThat(new JqSourceSettings(null, null, Path.of("/jq"), null, null, NAMES).resolve(ARCH,
        JqSourceSettingsTest::noArtifacts)).isEqualTo(new JqSource.LocalFile(Path.of("/jq")));
    assertThat(new JqSourceSettings(null, "cd", null, " g:jq:bin:1 ", null, NAMES).resolve(ARCH, c -> Path.of("/repo", c)))
        .isEqualTo(new JqSource.ResolvedArtifact(" g:jq:bin:1 ", Path.of("/repo", "g:jq:bin:1"), "cd"));
  }

  @Test
  void contradictionsAndMalformedValuesSayWhatToFix() {
    assertThatThrownBy(() -> new JqSourceSettings("https://x/jq", null, Path.of("/jq"), null, null, NAMES)
        .resolve(ARCH, JqSourceSettingsTest::noArtifacts)).isInstanceOf(InvalidJqSourceException.class)
        .hasMessageContaining("<jq> sets more than one of <url>, <file> and <artifact>; keep one");
    assertThatThrownBy(() -> new JqSourceSettings(null, "ab", null, null, null, NAMES)
        .resolve(ARCH, JqSourceSettingsTest::noArtifacts)).isInstanceOf(InvalidJqSourceException.class)
        .hasMessageContaining("<jq><sha256> is set without <url> or <artifact>");
    assertThatThrownBy(() -> new JqSourceSettings("http://exa mple/jq", "ab", null, null, null, NAMES)
        .resolve(ARCH, JqSourceSettingsTest::noArtifacts)).isInstanceOf(InvalidJqSourceException.class)
        .hasMessageContaining("<jq><url> is 'http://exa mple/jq', not a URL");
  }

  @Test
  void theProxyForTheProtocolFirstThenAnyActiveOne() {
    HttpProxy http = new HttpProxy("h", 1, null, null, null);
    HttpProxy https = new HttpProxy("s", 2, null, null, null);
    HttpProxy inactive = new HttpProxy("i", 3, null, null, null);
    List<HttpProxy.Setting> settings = List.of(new HttpProxy.Setting("https", false, inactive),
        new HttpProxy.Setting("http", true, http), new HttpProxy.Setting("HTTPS", true, https));
    assertThat(HttpProxy.choose(settings, "https")).contains(https);
    assertThat(HttpProxy.choose(settings, "http")).contains(http);
    assertThat(HttpProxy.choose(settings.subList(0, 2), "https")).contains(http);
    assertThat(HttpProxy.choose(settings.subList(0, 1), "https")).isEmpty();
  }
}
