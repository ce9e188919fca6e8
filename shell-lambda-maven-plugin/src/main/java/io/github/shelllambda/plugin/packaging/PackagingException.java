package io.github.shelllambda.plugin.packaging;

import io.github.shelllambda.plugin.failure.UserMistakeException;

/**
 * A build failure the user can act on (a file to fix, a parameter to change); the message names
 * the file or parameter, what was found and the fix. Subclasses say which kind of failure it is.
 */
public class PackagingException extends UserMistakeException {
  public PackagingException(String message) {
    super(message);
  }

  public PackagingException(String message, Throwable cause) {
    super(message, cause);
  }
}
