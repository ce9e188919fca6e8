package io.github.shelllambda.plugin.packaging;

import java.nio.file.Path;

/** A script that {@code bash -n} rejects. */
public class ShellSyntaxException extends PackagingException {
  private final Path file;

  public ShellSyntaxException(Path file, String bashOutput) {
    super(file + " has a bash syntax error (bash -n): " + bashOutput.strip() + ". Fix the script; it would fail"
        + " when Lambda sources it");
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
