package io.github.shelllambda.plugin.layers;

import io.github.shelllambda.plugin.packaging.PackagingException;

/** A {@code <jq>} configuration that names no usable source (url without sha256, missing file, ...). */
public class InvalidJqSourceException extends PackagingException {
  public InvalidJqSourceException(String message) {
    super(message);
  }

  public InvalidJqSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
