package io.github.shelllambda.runtime.zip;

import java.nio.file.Path;

/** A file that cannot be read as a complete zip: truncated, corrupt data, bad CRC, not a zip. */
public class CorruptZipException extends ZipCheckException {
  public CorruptZipException(Path zip, String message, Throwable cause) {
    super(zip, message, cause);
  }
}
