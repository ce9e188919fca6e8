package io.github.shelllambda.runtime.function;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One synchronous (RequestResponse) invocation.
 *
 * @param payload the event (JSON)
 * @param clientContext base64 of a JSON object, as in the Invoke API's {@code X-Amz-Client-Context}; or null
 * @param cognitoIdentity JSON, or null
 * @param qualifier {@code $LATEST} or null
 */
public record InvokeRequest(byte[] payload, String clientContext, String cognitoIdentity, String qualifier) {
  public InvokeRequest {
    Objects.requireNonNull(payload, "payload");
  }

  public static InvokeRequest of(byte[] payload) {
    return new InvokeRequest(payload, null, null, null);
  }

  public static InvokeRequest of(String json) {
    return of(json.getBytes(StandardCharsets.UTF_8));
  }

  public InvokeRequest withClientContext(String base64Json) {
    return new InvokeRequest(payload, base64Json, cognitoIdentity, qualifier);
  }

  public InvokeRequest withCognitoIdentity(String json) {
    return new InvokeRequest(payload, clientContext, json, qualifier);
  }

  public InvokeRequest withQualifier(String q) {
    return new InvokeRequest(payload, clientContext, cognitoIdentity, q);
  }
}
