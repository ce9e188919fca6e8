package io.github.shelllambda.plugin.packaging;

import java.nio.file.Path;

/**
 * A script with CRLF (Windows) line endings, or with lone CRs (classic Mac OS line endings), which
 * bash on Lambda cannot run.
 */
public class LineEndingException extends PackagingException {
  private final Path file;
  private final int line;

  public LineEndingException(Path file, int line, int crlfLines) {
    this(file, line, file + " line " + line + " ends with CRLF (Windows line endings; " + crlfLines + " line"
        + (crlfLines == 1 ? "" : "s") + " in all). On Lambda bash reads the carriage return as part of the"
        + " command and fails with \"$'\\r': command not found\" or \"no such file or directory\"."
        + " Convert the file to LF (dos2unix " + file.getFileName() + "; in git: '*.sh text eol=lf' in .gitattributes)");
  }

  private LineEndingException(Path file, int line, String message) {
    super(message);
    this.file = file;
    this.line = line;
  }

  /**
   * A carriage return not followed by a line feed: bash splits lines at LF only, so a CR-only file
   * is one long line (a comment, after its shebang) and the handler function is never defined.
   *
   * @param line the line it ends, counting CR, LF and CRLF each as a line break (as an editor shows it)
   */
  public static LineEndingException loneCarriageReturn(Path file, int line, int loneCrs) {
    return new LineEndingException(file, line, file + " line " + line + " ends with a carriage return (CR) alone:"
        + " classic Mac OS line endings (" + loneCrs + " lone CR" + (loneCrs == 1 ? "" : "s") + " in all). bash splits"
        + " lines at LF only, so on Lambda it reads the CRs as part of the text, and a CR-only file as one line:"
        + " its functions are never defined and the function fails at init. Convert the file to LF (mac2unix "
        + file.getFileName() + ", or tr '\\r' '\\n'); a carriage return a script needs can be written $'\\r'");
  }

  public Path file() {
    return file;
  }

  /** The first line (1-based) that ends with CRLF or a lone CR. */
  public int line() {
    return line;
  }
}
