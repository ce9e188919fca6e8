package io.github.shelllambda.runtime.function;

/** The request payload is over Lambda's 6,291,456-byte limit for synchronous invocations (413). */
public class RequestTooLargeException extends LambdaServiceException {
  public RequestTooLargeException(String message) {
    super(413, "RequestTooLargeException", message);
  }
}
