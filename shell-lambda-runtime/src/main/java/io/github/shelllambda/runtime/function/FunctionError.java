package io.github.shelllambda.runtime.function;

import io.github.shelllambda.runtime.http.HttpServer;
import java.nio.charset.StandardCharsets;

/**
 * An invocation's error: what Lambda returns with {@code X-Amz-Function-Error: Unhandled}.
 *
 * @param rawBody the error document as the caller receives it (JSON)
 */
public record FunctionError(String errorType, String errorMessage, String rawBody) {

  /** An error Lambda itself reports (timeout, runtime exit, oversize response). */
  public static FunctionError of(String errorType, String errorMessage) {
    return new FunctionError(
        errorType,
        errorMessage,
        "{\"errorMessage\":\"" + HttpServer.jsonEscape(errorMessage) + "\",\"errorType\":\""
            + HttpServer.jsonEscape(errorType) + "\"}");
  }

  public byte[] rawBytes() {
    return rawBody.getBytes(StandardCharsets.UTF_8);
  }
}
