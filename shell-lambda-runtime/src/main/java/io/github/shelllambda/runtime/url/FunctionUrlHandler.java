package io.github.shelllambda.runtime.url;

import io.github.shelllambda.runtime.LocalFunction;
import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.function.InvokeRequest;
import io.github.shelllambda.runtime.function.LambdaServiceException;
import io.github.shelllambda.runtime.function.RequestIds;
import io.github.shelllambda.runtime.http.HttpRequest;
import io.github.shelllambda.runtime.http.HttpResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.shelllambda.runtime.function.ResponseStream;
import io.github.shelllambda.runtime.http.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * A function's URL (auth type NONE): HTTP request -> payload 2.0 event -> invocation -> HTTP
 * response. One request id per request: the {@code x-amzn-RequestId} of every answer (errors
 * included) is the event's {@code requestContext.requestId} and the invocation's request id.
 */
public final class FunctionUrlHandler {
  private FunctionUrlHandler() {}

  /** Handles {@code r} under a new request id. */
  public static HttpResponse handle(HttpRequest r, LocalFunction fn) {
    return handle(r, fn, RequestIds.mint());
  }

  /**
   * Handles {@code r} under {@code requestId}, minted by whoever received the request; for a
   * function that {@linkplain LocalFunction#streamsResponses() streams}, as a URL with invoke mode
   * {@code RESPONSE_STREAM}: the bytes go to the client as the function writes them.
   */
  public static HttpResponse handle(HttpRequest r, LocalFunction fn, String requestId) {
    if (fn.streamsResponses() && !r.bodyTooLarge()) {
      return streamed(r, fn, requestId, null, null);
    }
    return handle(r, fn, requestId, null);
  }

  /** The content type of a streamed response that starts with an HTTP prelude (JSON, then 8 NUL bytes). */
  public static final String PRELUDE_CONTENT_TYPE = "application/vnd.awslambda.http-integration-response";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A URL with invoke mode {@code RESPONSE_STREAM} (a control plane's URL config, or a function
   * that {@linkplain LocalFunction#streamsResponses() streams}): the response as it comes.
   * {@code qualifier} as in {@link #handle(HttpRequest, LocalFunction, String, String)};
   * {@code owned} (or null) is closed once the response is written.
   */
  public static HttpResponse streamed(
      HttpRequest r, LocalFunction fn, String requestId, String qualifier, AutoCloseable owned) {
    byte[] event = FunctionUrlEvent.from(r, fn.id(), requestId, Instant.now());
    return HttpResponse.streaming(target -> {
      UrlStream s = new UrlStream(target, requestId, fn);
      Invocation inv;
      try (AutoCloseable c = owned) {
        inv = fn.invoke(InvokeRequest.of(event).withRequestId(requestId).withResolvedQualifier(qualifier), s);
      } catch (LambdaServiceException e) {
        int status = e.statusCode() == 429 ? 429 : e.statusCode() >= 500 ? 502 : e.statusCode();
        s.whole(HttpResponse.json(status, "{\"Message\":\"" + (status == 429 ? "Rate Exceeded." : e.errorCode()) + "\"}"));
        return;
      }
      if (s.out == null) { // nothing was streamed: a buffered response, or an error before any byte
        if (inv.failed()) {
          s.whole(HttpResponse.json(502, "{\"Message\":\"Internal Server Error\"}"));
        } else {
          FunctionUrlResponse.Mapped m = FunctionUrlResponse.map(inv.payload());
          m.logLine().ifPresent(fn::log);
          s.whole(m.response());
        }
      }
    });
  }

  /** Passes a streamed response to the client: the prelude's status and headers first, when there is one. */
  /**
   * Where the JSON prelude of a {@link #PRELUDE_CONTENT_TYPE} response ends: the index of the
   * first run of 8 NUL bytes that separates it from the body, or -1 when there is none (yet).
   */
  public static int preludeEnd(byte[] b) {
    outer:
    for (int i = 0; i + 8 <= b.length; i++) {
      for (int j = 0; j < 8; j++) {
        if (b[i + j] != 0) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static final class UrlStream implements ResponseStream {
    private final HttpResponse.StreamTarget target;
    private final String requestId;
    private final LocalFunction fn;
    private boolean prelude;
    private ByteArrayOutputStream pending;
    OutputStream out;

    UrlStream(HttpResponse.StreamTarget target, String requestId, LocalFunction fn) {
      this.target = target;
      this.requestId = requestId;
      this.fn = fn;
    }

    @Override
    public void begin(String contentType) {
      prelude = contentType != null && contentType.trim().toLowerCase(java.util.Locale.ROOT).startsWith(PRELUDE_CONTENT_TYPE);
      pending = prelude ? new ByteArrayOutputStream() : null;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (out == null && !prelude) {
        Headers h = new Headers();
        h.add("Content-Type", "application/octet-stream");
        start(200, h);
      }
      if (out == null) {
        pending.write(b, off, len);
        byte[] all = pending.toByteArray();
        int at = preludeEnd(all);
        if (at < 0) {
          if (all.length > 16 * 1024) {
            fn.log("shell-lambda: the streamed response declares " + PRELUDE_CONTENT_TYPE + " but its first 16 KiB"
                + " hold no 8 NUL bytes ending the prelude; the Function URL answered 502");
            whole(HttpResponse.json(502, "{\"Message\":\"Internal Server Error\"}"));
            out = OutputStream.nullOutputStream();
          }
          return;
        }
        startFromPrelude(java.util.Arrays.copyOfRange(all, 0, at));
        out.write(all, at + 8, all.length - at - 8);
        out.flush();
        pending = null;
        return;
      }
      out.write(b, off, len);
      out.flush();
    }

    @Override
    public void end(String errorType, byte[] errorBody) throws IOException {
      if (out == null) {
        if (prelude) {
          fn.log("shell-lambda: the streamed response ended inside its prelude (no 8 NUL bytes); the Function URL answered 502");
          whole(HttpResponse.json(502, "{\"Message\":\"Internal Server Error\"}"));
        } else {
          Headers h = new Headers();
          h.add("Content-Type", "application/octet-stream");
          start(200, h);
        }
      }
    }

    private void startFromPrelude(byte[] json) throws IOException {
      JsonNode n;
      try {
        n = JSON.readTree(json);
      } catch (IOException e) {
        n = null;
      }
      int status = n == null ? -1 : n.path("statusCode").asInt(200);
      if (n == null || !n.isObject() || status < 200 || status > 599) {
        fn.log("shell-lambda: the streamed response's prelude is not a JSON object with a statusCode from 200 to 599; the"
            + " Function URL answered 502");
        whole(HttpResponse.json(502, "{\"Message\":\"Internal Server Error\"}"));
        out = OutputStream.nullOutputStream();
        return;
      }
      Headers h = new Headers();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.path("headers").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        h.add(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
      }
      for (JsonNode c : n.path("cookies")) {
        h.add("Set-Cookie", c.asText());
      }
      if (h.first("Content-Type").isEmpty()) {
        h.add("Content-Type", "application/octet-stream");
      }
      start(status, h);
    }

    private void start(int status, Headers h) throws IOException {
      h.set("x-amzn-RequestId", requestId);
      out = target.start(status, h);
    }

    /** A whole (not streamed) response. */
    void whole(HttpResponse resp) throws IOException {
      resp.headers().set("x-amzn-RequestId", requestId);
      OutputStream o = target.start(resp.status(), resp.headers());
      o.write(resp.body());
      out = o;
    }

  }

  /**
   * Handles {@code r} for a URL on {@code qualifier} (an alias, or null for the function's own
   * URL) that a control plane resolved to {@code fn}: the function sees that qualifier in its
   * invoked ARN, as on Lambda.
   */
  public static HttpResponse handle(HttpRequest r, LocalFunction fn, String requestId, String qualifier) {
    if (r.bodyTooLarge()) {
      return HttpResponse.json(413, "{\"Message\":\"Request Entity Too Large\"}").header("x-amzn-RequestId", requestId);
    }
    Invocation inv;
    try {
      byte[] event = FunctionUrlEvent.from(r, fn.id(), requestId, Instant.now());
      inv = fn.invoke(InvokeRequest.of(event).withRequestId(requestId).withResolvedQualifier(qualifier));
    } catch (LambdaServiceException e) {
      int status = e.statusCode() == 429 ? 429 : e.statusCode() >= 500 ? 502 : e.statusCode();
      return HttpResponse.json(status, "{\"Message\":\"" + (status == 429 ? "Rate Exceeded." : e.errorCode()) + "\"}")
          .header("x-amzn-RequestId", requestId);
    }
    if (inv.failed()) {
      return HttpResponse.json(502, "{\"Message\":\"Internal Server Error\"}").header("x-amzn-RequestId", requestId);
    }
    FunctionUrlResponse.Mapped m = FunctionUrlResponse.map(inv.payload());
    m.logLine().ifPresent(fn::log);
    HttpResponse resp = m.response();
    resp.headers().set("x-amzn-RequestId", requestId); // the service's header: a function's own is replaced
    return resp;
  }
}
