package io.github.shelllambda.runtime.function;

/**
 * An error the Lambda service itself (not the function) answers with: the Invoke API sends it as
 * {@link #statusCode()} with header {@code x-amzn-ErrorType: }{@link #errorCode()}.
 */
public class LambdaServiceException extends RuntimeException {
  private final int statusCode;
  private final String errorCode;

  public LambdaServiceException(int statusCode, String errorCode, String message) {
    super(message);
    this.statusCode = statusCode;
    this.errorCode = errorCode;
  }

  public int statusCode() {
    return statusCode;
  }

  /** The AWS error code, e.g. {@code TooManyRequestsException}. */
  public String errorCode() {
    return errorCode;
  }

  /** Extra fields for the JSON error body (e.g. {@code "Reason"}); none by default. */
  public String extraJsonFields() {
    return "";
  }
}
