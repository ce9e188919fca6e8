package io.github.shelllambda.runtime.env;

/** This host cannot run a local function at all (not Linux x86_64 or arm64). */
public class UnsupportedHostException extends IllegalStateException {
  public UnsupportedHostException(String message) {
    super(message);
  }
}
