package io.github.shelllambda.runtime.function;

/** No such function (or qualifier) on this front door (404). */
public class ResourceNotFoundException extends LambdaServiceException {
  public ResourceNotFoundException(String message) {
    super(404, "ResourceNotFoundException", message);
  }
}
