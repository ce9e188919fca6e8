package io.github.shelllambda.runtime.http;

import java.io.InputStream;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Answers a request whose body (chunked, no Content-Length) is read as it arrives instead of
 * being collected first: the Runtime API's streamed responses. {@link #accepts} sees the request
 * with an empty body; {@link #handle} reads {@code body} to its end (blocking) and then may ask for
 * the trailers (names as sent).
 */
public interface StreamingRequestHandler {
  boolean accepts(HttpRequest head);

  HttpResponse handle(HttpRequest head, InputStream body, Supplier<Map<String, String>> trailers) throws Exception;
}
