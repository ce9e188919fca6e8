package io.github.shelllambda.runtime.controlplane;

import io.github.shelllambda.runtime.function.LambdaServiceException;

/** One of the parameters in the request is not valid (400). */
public class InvalidParameterValueException extends LambdaServiceException {
  public InvalidParameterValueException(String message) {
    super(400, "InvalidParameterValueException", message);
  }
}
