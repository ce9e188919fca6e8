package io.github.shelllambda.runtime.function;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One invocation as a caller asks for it.
 *
 * @param payload the event (JSON)
 * @param clientContext base64 of a JSON object, as in the Invoke API's {@code X-Amz-Client-Context}; or null
 * @param cognitoIdentity JSON, or null
 * @param qualifier the qualifier the caller used: {@code $LATEST}, a version number, an alias, or
 *     null (unqualified); it ends up in the invoked function ARN the runtime gets
 * @param qualifierResolved true when whoever routed the request (the control plane) resolved
 *     {@code qualifier}, an alias, to the version of the function receiving it; false: the
 *     function accepts only its own version as qualifier
 * @param requestId the request id minted by whoever received the request (the Invoke API, a
 *     Function URL), so that the id the client gets back is the one in {@code
 *     LAMBDA_RUNTIME_AWS_REQUEST_ID}, START/END/REPORT and the {@link Report}; or null: the
 *     function mints one
 */
public record InvokeRequest(
    byte[] payload,
    String clientContext,
    String cognitoIdentity,
    String qualifier,
    String requestId,
    boolean qualifierResolved) {
  public InvokeRequest {
    Objects.requireNonNull(payload, "payload");
    if (requestId != null && !RequestIds.isValid(requestId)) {
      throw new IllegalArgumentException(
          "request id '" + requestId + "' is not usable: it travels in an HTTP header and a log line, so it must be"
              + " 1..128 characters of letters, digits, '-', '_', '.' or ':'");
    }
  }

  public static InvokeRequest of(byte[] payload) {
    return new InvokeRequest(payload, null, null, null, null, false);
  }

  public static InvokeRequest of(String json) {
    return of(json.getBytes(StandardCharsets.UTF_8));
  }

  public InvokeRequest withClientContext(String base64Json) {
    return new InvokeRequest(payload, base64Json, cognitoIdentity, qualifier, requestId, qualifierResolved);
  }

  public InvokeRequest withCognitoIdentity(String json) {
    return new InvokeRequest(payload, clientContext, json, qualifier, requestId, qualifierResolved);
  }

  /** This request with the qualifier the caller used (null: unqualified). */
  public InvokeRequest withQualifier(String q) {
    return new InvokeRequest(payload, clientContext, cognitoIdentity, q, requestId, false);
  }

  /**
   * This request with the qualifier the caller used, already resolved by a control plane to the
   * function that receives it (an alias routed to that function's version; null: unqualified): the
   * function runs it under that qualifier instead of refusing an alias it does not know.
   */
  public InvokeRequest withResolvedQualifier(String q) {
    return new InvokeRequest(payload, clientContext, cognitoIdentity, q, requestId, q != null);
  }

  /** This request under the id its front door minted ({@link RequestIds#mint()}). */
  public InvokeRequest withRequestId(String id) {
    return new InvokeRequest(payload, clientContext, cognitoIdentity, qualifier, id, qualifierResolved);
  }
}
