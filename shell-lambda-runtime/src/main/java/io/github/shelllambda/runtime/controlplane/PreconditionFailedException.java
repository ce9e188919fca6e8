package io.github.shelllambda.runtime.controlplane;

import io.github.shelllambda.runtime.function.LambdaServiceException;

/** The RevisionId given does not match the latest one (412). */
public class PreconditionFailedException extends LambdaServiceException {
  public PreconditionFailedException(String message) {
    super(412, "PreconditionFailedException", message);
  }
}
