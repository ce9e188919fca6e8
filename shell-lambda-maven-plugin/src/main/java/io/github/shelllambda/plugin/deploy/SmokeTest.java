package io.github.shelllambda.plugin.deploy;

/** Runs named test cases against a published version before the alias moves. */
@FunctionalInterface
public interface SmokeTest {
  /** Does nothing: no smoke tests configured. */
  SmokeTest NONE = (client, function, qualifier) -> {};

  /**
   * @throws SmokeTestFailedException when a case fails; the alias is then not moved
   */
  void run(software.amazon.awssdk.services.lambda.LambdaClient client, String functionName, String qualifier)
      throws SmokeTestFailedException;

  /** A smoke test failed: names the case and what differed. */
  final class SmokeTestFailedException extends Exception {
    public SmokeTestFailedException(String message) {
      super(message);
    }
  }
}
