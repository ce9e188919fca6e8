package io.github.shelllambda.plugin.packaging;

import java.nio.file.Path;

/** A script with CRLF (Windows) line endings, which bash on Lambda cannot run. */
public class LineEndingException extends PackagingException {
  private final Path file;
  private final int line;

  public LineEndingException(Path file, int line, int crlfLines) {
    super(file + " line " + line + " ends with CRLF (Windows line endings; " + crlfLines + " line"
        + (crlfLines == 1 ? "" : "s") + " in all). On Lambda bash reads the carriage return as part of the"
        + " command and fails with \"$'\\r': command not found\" or \"no such file or directory\"."
        + " Convert the file to LF (dos2unix " + file.getFileName() + "; in git: '*.sh text eol=lf' in .gitattributes)");
    this.file = file;
    this.line = line;
  }

  public Path file() {
    return file;
  }

  /** The first line (1-based) that ends with CRLF. */
  public int line() {
    return line;
  }
}
