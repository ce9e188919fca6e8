package io.github.shelllambda.runtime.function;

/** The request payload is not valid JSON, or the client context is not base64 JSON (400). */
public class InvalidRequestContentException extends LambdaServiceException {
  public InvalidRequestContentException(String message) {
    super(400, "InvalidRequestContentException", message);
  }
}
