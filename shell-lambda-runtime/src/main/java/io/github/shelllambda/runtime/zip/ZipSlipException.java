package io.github.shelllambda.runtime.zip;

import java.nio.file.Path;

/** An entry whose name would place it outside the folder the zip is extracted to. */
public class ZipSlipException extends ZipCheckException {
  private final String entry;

  public ZipSlipException(Path zip, String entry) {
    super(zip, "entry '" + entry + "' would be extracted outside its folder (zip-slip); refusing the zip."
        + " Rebuild it from a folder without absolute paths or '..' in the entry names");
    this.entry = entry;
  }

  public String entry() {
    return entry;
  }
}
