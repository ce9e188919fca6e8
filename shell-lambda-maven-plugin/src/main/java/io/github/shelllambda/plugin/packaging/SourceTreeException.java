package io.github.shelllambda.plugin.packaging;

/** A source folder that cannot become a function zip: missing, empty, a symlink leading outside, a name clash. */
public class SourceTreeException extends PackagingException {
  public SourceTreeException(String message) {
    super(message);
  }
}
