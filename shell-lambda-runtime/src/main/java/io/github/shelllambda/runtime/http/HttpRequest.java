package io.github.shelllambda.runtime.http;

/**
 * One HTTP/1.1 request as received.
 *
 * @param target the request target as sent (path and query, still percent-encoded)
 * @param bodyTooLarge true when the body was longer than the server's limit; {@code body} then
 *     holds nothing and the rest was discarded
 */
public record HttpRequest(
    String method,
    String target,
    String protocol,
    Headers headers,
    byte[] body,
    boolean bodyTooLarge,
    String remoteAddress) {

  /** The path part of the target, still percent-encoded. */
  public String rawPath() {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  /** The query part of the target without '?', still percent-encoded; empty when none. */
  public String rawQuery() {
    int q = target.indexOf('?');
    return q < 0 ? "" : target.substring(q + 1);
  }
}
