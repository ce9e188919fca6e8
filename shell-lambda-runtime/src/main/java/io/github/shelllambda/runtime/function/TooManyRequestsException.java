package io.github.shelllambda.runtime.function;

/** Every execution environment is busy and the concurrency limit is reached (Lambda: 429). */
public class TooManyRequestsException extends LambdaServiceException {
  public TooManyRequestsException(String message) {
    super(429, "TooManyRequestsException", message);
  }

  @Override
  public String extraJsonFields() {
    return ",\"Reason\":\"ReservedFunctionConcurrentInvocationLimitExceeded\"";
  }
}
