package io.github.shelllambda.runtime.http;

import java.nio.charset.StandardCharsets;

/** A response to write: status, header fields, body. Content-Length is added by the server. */
public final class HttpResponse {
  private final int status;
  private final Headers headers = new Headers();
  private final byte[] body;
  private boolean close;

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
