package io.github.shelllambda.plugin.function;

import io.github.shelllambda.plugin.packaging.PackagingException;

/** A function setting Lambda would refuse; the message names the parameter and the accepted values. */
public class InvalidFunctionConfigException extends PackagingException {
  public InvalidFunctionConfigException(String message) {
    super(message);
  }
}
