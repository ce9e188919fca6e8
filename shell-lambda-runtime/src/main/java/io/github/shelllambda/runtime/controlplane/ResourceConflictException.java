package io.github.shelllambda.runtime.controlplane;

import io.github.shelllambda.runtime.function.LambdaServiceException;

/** The resource already exists, or another operation is in progress (409). */
public class ResourceConflictException extends LambdaServiceException {
  public ResourceConflictException(String message) {
    super(409, "ResourceConflictException", message);
  }
}
