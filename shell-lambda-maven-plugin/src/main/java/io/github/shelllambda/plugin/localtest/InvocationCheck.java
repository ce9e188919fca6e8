package io.github.shelllambda.plugin.localtest;

import io.github.shelllambda.runtime.function.FunctionError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares an invocation's outcome with an invocation case's expectations: the same rules for a
 * local run ({@link CaseRunner}) and a smoke test of a deployed version.
 */
public final class InvocationCheck {
  private InvocationCheck() {}

  /**
   * The differences, each a sentence; empty when the outcome is what the case expects.
   *
   * @param payload the response (or, on a function error, the error document)
   * @param error the function error, if the invocation failed
   */
  public static List<String> check(TestCase.Invocation expected, byte[] payload, Optional<FunctionError> error) {
    List<String> problems = new ArrayList<>();
    if (expected.error().isPresent()) {
      TestCase.ErrorExpectation e = expected.error().get();
      if (error.isEmpty()) {
        problems.add("expected a function error" + (e.errorType() == null ? "" : " " + e.errorType())
            + ", but the invocation succeeded with response: " + BodyCheck.quote(nonNull(payload)));
        return problems;
      }
      if (e.errorType() != null && !e.errorType().equals(error.get().errorType())) {
        problems.add("errorType is '" + error.get().errorType() + "', expected '" + e.errorType() + "'");
      }
      String message = error.get().errorMessage() == null ? "" : error.get().errorMessage();
      if (e.messageContains() != null && !message.contains(e.messageContains())) {
        problems.add("errorMessage is " + BodyCheck.quote(message.getBytes(StandardCharsets.UTF_8))
            + ", expected it to contain '" + e.messageContains() + "'");
      }
      return problems;
    }
    if (error.isPresent()) {
      problems.add("the function failed: " + error.get().errorType() + ": " + error.get().errorMessage());
      return problems;
    }
    problems.addAll(BodyCheck.check(expected.response(), nonNull(payload), "response"));
    return problems;
  }

  private static byte[] nonNull(byte[] b) {
    return b == null ? new byte[0] : b;
  }
}
