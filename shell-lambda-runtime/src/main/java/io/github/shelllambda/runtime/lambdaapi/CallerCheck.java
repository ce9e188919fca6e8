package io.github.shelllambda.runtime.lambdaapi;

import io.github.shelllambda.runtime.function.LambdaServiceException;
import io.github.shelllambda.runtime.http.HttpRequest;
import io.github.shelllambda.runtime.http.HttpResponse;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call the local Lambda API (Invoke, and the control plane): tools on this machine, never
 * a web page. A page the user visits can POST to {@code http://127.0.0.1:9000/...} (a "simple"
 * cross-origin request needs no preflight) or reach it through DNS rebinding under its own host
 * name; either would run the function, with the user's AWS credentials when they are passed. So a
 * request whose {@code Host} is not a loopback name of this server, or that carries an {@code
 * Origin} header (browsers send it; the AWS SDKs and CLI never do), gets 403 {@code
 * AccessDeniedException} saying why. Function URL paths are not checked here: browsers use them.
 */
public final class CallerCheck {
  private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");

  private CallerCheck() {}

  /** The 403 for a request the Lambda API must not answer, or empty. */
  public static Optional<HttpResponse> refusal(HttpRequest r, int port) {
    Optional<String> origin = r.headers().first("Origin");
    if (origin.isPresent()) {
      return Optional.of(
          deny(
              "the local Lambda API refuses requests with an Origin header (here '" + shorten(origin.get()) + "'): a web"
                  + " page sent it, and a page must not invoke local functions; the AWS CLI and SDKs send no Origin."
                  + " Function URLs (paths outside /2015-03-31/) accept browsers"));
    }
    String host = r.headers().first("Host").orElse("");
    if (!isLoopbackName(host, port)) {
      return Optional.of(
          deny(
              "the local Lambda API answers only for Host 127.0.0.1:" + port + ", localhost:" + port + " or [::1]:" + port
                  + ", not '" + shorten(host) + "' (a host name that resolves here is how a web page reaches this"
                  + " port by DNS rebinding); use --endpoint-url http://127.0.0.1:" + port));
    }
    return Optional.empty();
  }

  static boolean isLoopbackName(String hostHeader, int port) {
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    String name = h;
    String p = null;
    int colon = h.lastIndexOf(':');
    if (colon >= 0 && h.indexOf(']', colon) < 0) {
      name = h.substring(0, colon);
      p = h.substring(colon + 1);
    }
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    return LOOPBACK_NAMES.contains(name) && (p == null || p.equals(Integer.toString(port)));
  }

  private static HttpResponse deny(String message) {
    return LambdaApi.error(new LambdaServiceException(403, "AccessDeniedException", message));
  }

  private static String shorten(String s) {
    String clean = s.replaceAll("[\\p{Cntrl}]", "?");
    return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
  }
}
