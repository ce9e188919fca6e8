package io.github.shelllambda.plugin.layers;

import java.io.IOException;

/** A download that failed (network, HTTP status): not a configuration mistake, so an I/O failure. */
public class DownloadException extends IOException {
  public DownloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
