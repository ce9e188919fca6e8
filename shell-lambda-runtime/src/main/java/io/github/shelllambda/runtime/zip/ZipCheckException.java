package io.github.shelllambda.runtime.zip;

import java.io.IOException;
import java.nio.file.Path;

/** A zip that must not be used as it is (zip-slip, corrupt, wrong layout); the message says why and what to do. */
public class ZipCheckException extends IOException {
  private final Path zip;

  public ZipCheckException(Path zip, String message) {
    super(zip + ": " + message);
    this.zip = zip;
  }

  public ZipCheckException(Path zip, String message, Throwable cause) {
    super(zip + ": " + message, cause);
    this.zip = zip;
  }

  public Path zip() {
    return zip;
  }
}
