package io.github.shelllambda.runtime.url;

import io.github.shelllambda.runtime.LocalFunction;
import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.function.InvokeRequest;
import io.github.shelllambda.runtime.function.LambdaServiceException;
import io.github.shelllambda.runtime.function.RequestIds;
import io.github.shelllambda.runtime.http.HttpRequest;
import io.github.shelllambda.runtime.http.HttpResponse;
import java.time.Instant;

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

  /** Handles {@code r} under {@code requestId}, minted by whoever received the request. */
  public static HttpResponse handle(HttpRequest r, LocalFunction fn, String requestId) {
    return handle(r, fn, requestId, null);
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
