package io.github.shelllambda.plugin.packaging;

/**
 * A build failure the user can act on (a file to fix, a parameter to change); the message names
 * the file or parameter, what was found and the fix. Subclasses say which kind of failure it is.
 */
public class PackagingException extends Exception {
  public PackagingException(String message) {
    super(message);
  }

  public PackagingException(String message, Throwable cause) {
    super(message, cause);
  }
}
