package io.github.shelllambda.plugin.layers;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An HTTP(S) proxy as Maven's settings.xml describes it.
 *
 * @param host proxy host
 * @param port proxy port
 * @param username user for proxy authentication, or null
 * @param password its password, or null (never logged)
 * @param nonProxyHosts {@code |}-separated host patterns with {@code *} wildcards, or null
 */
public record HttpProxy(String host, int port, String username, String password, String nonProxyHosts) {

  /**
   * One {@code <proxy>} of settings.xml (its password already decrypted).
   *
   * @param protocol {@code http} or {@code https}
   * @param active its {@code <active>}
   */
  public record Setting(String protocol, boolean active, HttpProxy proxy) {}

  /**
   * The proxy Maven would use for {@code protocol}: the first active one declared for it, else the
   * first active one at all (Maven's {@code Settings.getActiveProxy()}); none when none is active.
   */
  public static Optional<HttpProxy> choose(List<Setting> settings, String protocol) {
    return settings.stream().filter(s -> s.active() && protocol.equalsIgnoreCase(s.protocol())).findFirst()
        .or(() -> settings.stream().filter(Setting::active).findFirst())
        .map(Setting::proxy);
  }

  /** True when requests to {@code targetHost} go through this proxy. */
  public boolean appliesTo(String targetHost) {
    if (nonProxyHosts == null || nonProxyHosts.isBlank()) {
      return true;
    }
    return Arrays.stream(nonProxyHosts.split("[|,]"))
        .map(String::trim)
        .filter(p -> !p.isEmpty())
        .noneMatch(p -> Pattern.compile(Pattern.quote(p).replace("*", "\\E.*\\Q"), Pattern.CASE_INSENSITIVE)
            .matcher(targetHost).matches());
  }

  @Override
  public String toString() {
    return host + ":" + port + (username != null ? " (user " + username + ")" : "");
  }
}
