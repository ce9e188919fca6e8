package io.github.shelllambda.runtime.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A response to write: status, header fields, body. Content-Length is added by the server. */
public final class HttpResponse {
  private final int status;
  private final Headers headers = new Headers();
  private final byte[] body;
  private boolean close;
  private StreamWriter writer;

  /** Where a streamed body goes: {@link #start} sends the status and headers once. */
  public interface StreamTarget {
    /** Sends status and headers; what is written to the stream goes out at once (chunked). */
    OutputStream start(int status, Headers headers) throws IOException;
  }

  /** Produces a streamed body, deciding status and headers when it knows them. */
  @FunctionalInterface
  public interface StreamWriter {
    void write(StreamTarget target) throws Exception;
  }

  /**
   * A response whose status, headers and body {@code writer} produces while the handler's work
   * goes on (Transfer-Encoding: chunked, each write sent at once). The server runs the writer on
   * the request's thread; one that never calls {@code start} gets a 502.
   */
  public static HttpResponse streaming(StreamWriter writer) {
    HttpResponse r = new HttpResponse(200, null);
    r.writer = writer;
    return r;
  }

  /** The writer of a {@link #streaming} response, or null. */
  public StreamWriter streamWriter() {
    return writer;
  }

  public HttpResponse(int status, byte[] body) {
    this.status = status;
    this.body = body == null ? new byte[0] : body;
  }

  public static HttpResponse json(int status, String json) {
    return new HttpResponse(status, json.getBytes(StandardCharsets.UTF_8)).header("Content-Type", "application/json");
  }

  public static HttpResponse empty(int status) {
    return new HttpResponse(status, null);
  }

  public HttpResponse header(String name, String value) {
    headers.add(name, value);
    return this;
  }

  /** Closes the connection after this response. */
  public HttpResponse closeConnection() {
    this.close = true;
    return this;
  }

  public int status() {
    return status;
  }

  public Headers headers() {
    return headers;
  }

  public byte[] body() {
    return body;
  }

  boolean close() {
    return close;
  }
}
