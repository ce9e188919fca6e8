package io.github.shelllambda.plugin.layers;

import io.github.shelllambda.plugin.packaging.PackagingException;

/** Downloaded or cached bytes whose SHA-256 is not the one configured. */
public class ChecksumMismatchException extends PackagingException {
  private final String expected;
  private final String actual;

  public ChecksumMismatchException(String what, String expected, String actual, String fix) {
    super(what + " has SHA-256 " + actual + " but " + expected + " was expected. " + fix);
    this.expected = expected;
    this.actual = actual;
  }

  public String expected() {
    return expected;
  }

  public String actual() {
    return actual;
  }
}
