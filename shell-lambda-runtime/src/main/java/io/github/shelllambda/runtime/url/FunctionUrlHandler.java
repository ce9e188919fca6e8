package io.github.shelllambda.runtime.url;

import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.function.InvokeRequest;
import io.github.shelllambda.runtime.function.LambdaServiceException;
import io.github.shelllambda.runtime.LocalFunction;
import io.github.shelllambda.runtime.http.HttpRequest;
import io.github.shelllambda.runtime.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;

/** A function's URL (auth type NONE): HTTP request -> payload 2.0 event -> invocation -> HTTP response. */
public final class FunctionUrlHandler {
  private FunctionUrlHandler() {}

  public static HttpResponse handle(HttpRequest r, LocalFunction fn) {
    String requestId = UUID.randomUUID().toString();
    if (r.bodyTooLarge()) {
      return HttpResponse.json(413, "{\"Message\":\"Request Entity Too Large\"}").header("x-amzn-RequestId", requestId);
    }
    Invocation inv;
    try {
      inv = fn.invoke(InvokeRequest.of(FunctionUrlEvent.from(r, fn.id(), requestId, Instant.now())));
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
    return m.response().header("x-amzn-RequestId", requestId);
  }
}
