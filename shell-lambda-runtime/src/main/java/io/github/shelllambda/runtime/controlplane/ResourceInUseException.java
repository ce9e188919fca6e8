package io.github.shelllambda.runtime.controlplane;

import io.github.shelllambda.runtime.function.LambdaServiceException;

/** The resource is in use by another one (400). */
public class ResourceInUseException extends LambdaServiceException {
  public ResourceInUseException(String message) {
    super(400, "ResourceInUseException", message);
  }
}
