package io.github.shelllambda.plugin.failure;

/**
 * A failure the user can act on (a file to fix, a parameter to change, a step to run first), as
 * opposed to I/O or network trouble. Every core package's user-facing exceptions extend it, so a
 * Mojo maps them all to {@code MojoFailureException} with one catch, and a new goal inherits
 * that. The message names the file, POM element or {@code -D} property, what was found and the
 * fix; subclasses say which kind of failure it is.
 */
public class UserMistakeException extends Exception {
  public UserMistakeException(String message) {
    super(message);
  }

  public UserMistakeException(String message, Throwable cause) {
    super(message, cause);
  }
}
