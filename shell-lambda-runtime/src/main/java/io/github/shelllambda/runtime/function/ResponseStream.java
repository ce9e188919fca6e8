package io.github.shelllambda.runtime.function;

import java.io.IOException;

/**
 * Receives a response the runtime streams (Lambda response streaming: the Runtime API's {@code
 * Lambda-Runtime-Function-Response-Mode: streaming}) as it arrives, for a caller that passes bytes
 * on as they come (a Function URL with {@code RESPONSE_STREAM}). Called on the Runtime API's
 * connection thread: a slow receiver slows the runtime down, nothing piles up in memory.
 */
public interface ResponseStream {
  /** The runtime began its streamed response with this {@code Content-Type} (or null). */
  void begin(String contentType) throws IOException;

  /** The next bytes, in order. */
  void write(byte[] b, int off, int len) throws IOException;

  /**
   * The stream ended. {@code errorType} is null when it ended well; otherwise the runtime reported
   * an error after the first bytes, in the trailers ({@code errorBody}: the decoded
   * {@code Lambda-Runtime-Function-Error-Body}, or empty).
   */
  void end(String errorType, byte[] errorBody) throws IOException;
}
