package io.github.shelllambda.runtime.zip;

import java.nio.file.Path;

/** A readable zip whose layout Lambda will not run as intended (parent folder, opt/ root, bootstrap mode). */
public class ZipLayoutException extends ZipCheckException {
  public ZipLayoutException(Path zip, String message) {
    super(zip, message);
  }
}
