package io.github.shelllambda.plugin.packaging;

/** A zip over one of Lambda's deployment package limits. */
public class LambdaLimitException extends PackagingException {
  public LambdaLimitException(String message) {
    super(message);
  }
}
