package io.github.shelllambda.runtime.function;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One invocation as a caller asks for it.
 *
 * @param payload the event (JSON)
 * @param clientContext base64 of a JSON object, as in the Invoke API's {@code X-Amz-Client-Context}; or null
 * @param cognitoIdentity JSON, or null
 * @param qualifier {@code $LATEST} or null
 * @param requestId the request id minted by whoever received the request (the Invoke API, a
 *     Function URL), so that the id the client gets back is the one in {@code
 *     LAMBDA_RUNTIME_AWS_REQUEST_ID}, START/END/REPORT and the {@link Report}; or null: the
 *     function mints one
 */
public record InvokeRequest(
    byte[] payload, String clientContext, String cognitoIdentity, String qualifier, String requestId) {
  public InvokeRequest {
    Objects.requireNonNull(payload, "payload");
    if (requestId != null && !RequestIds.isValid(requestId)) {
      throw new IllegalArgumentException(
          "request id '" + requestId + "' is not usable: it travels in an HTTP header and a log line, so it must be"
              + " 1..128 characters of letters, digits, '-', '_', '.' or ':'");
    }
  }

  public static InvokeRequest of(byte[] payload) {
    return new InvokeRequest(payload, null, null, null, null);
  }

  public static InvokeRequest of(String json) {
    return of(json.getBytes(StandardCharsets.UTF_8));
  }

  public InvokeRequest withClientContext(String base64Json) {
    return new InvokeRequest(payload, base64Json, cognitoIdentity, qualifier, requestId);
  }

  public InvokeRequest withCognitoIdentity(String json) {
    return new InvokeRequest(payload, clientContext, json, qualifier, requestId);
  }

  public InvokeRequest withQualifier(String q) {
    return new InvokeRequest(payload, clientContext, cognitoIdentity, q, requestId);
  }

  /** This request under the id its front door minted ({@link RequestIds#mint()}). */
  public InvokeRequest withRequestId(String id) {
    return new InvokeRequest(payload, clientContext, cognitoIdentity, qualifier, id);
  }
}
