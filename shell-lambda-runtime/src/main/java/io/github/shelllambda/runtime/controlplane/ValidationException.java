package io.github.shelllambda.runtime.controlplane;

import io.github.shelllambda.runtime.function.LambdaServiceException;

/** A value breaks a constraint of the API's shapes (400), worded as the service words it. */
public class ValidationException extends LambdaServiceException {
  public ValidationException(String message) {
    super(400, "ValidationException", message);
  }
}
