package io.github.shelllambda.plugin.packaging;

/**
 * A function setting Lambda would refuse, worded for the POM by {@code plugin.function.Suggestions}:
 * the message names the parameter, the value and the accepted values; the cause carries the typed
 * problems.
 */
public class InvalidFunctionConfigException extends PackagingException {
  public InvalidFunctionConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
