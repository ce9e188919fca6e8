package io.github.shelllambda.runtime.controlplane;

import io.github.shelllambda.runtime.function.LambdaServiceException;

/** The plane itself failed (500): an I/O error writing its state, for example. */
public class ServiceException extends LambdaServiceException {
  public ServiceException(String message) {
    super(500, "ServiceException", message);
  }
}
