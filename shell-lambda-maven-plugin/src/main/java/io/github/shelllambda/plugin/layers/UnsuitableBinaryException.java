package io.github.shelllambda.plugin.layers;

import io.github.shelllambda.plugin.packaging.PackagingException;

/** A binary that will not run on provided.al2023 for the function's architecture. */
public class UnsuitableBinaryException extends PackagingException {
  public UnsuitableBinaryException(String message) {
    super(message);
  }
}
