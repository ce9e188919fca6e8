package io.github.shelllambda.plugin.localtest;

import io.github.shelllambda.plugin.failure.UserMistakeException;
import java.nio.file.Path;

/** A test case file the user must fix: names the file, the field, what was found, and the fix. */
public class TestCaseException extends UserMistakeException {
  private final Path file;
  private final String field;

  public TestCaseException(Path file, String field, String problem) {
    super(file + (field == null || field.isEmpty() ? "" : ": field '" + field + "'") + ": " + problem);
    this.file = file;
    this.field = field;
  }

  public TestCaseException(Path file, String field, String problem, Throwable cause) {
    this(file, field, problem);
    initCause(cause);
  }

  public Path file() {
    return file;
  }

  /** The JSON path of the offending field ({@code expect.status}), or empty for the whole file. */
  public String field() {
    return field;
  }
}
