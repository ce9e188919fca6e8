package io.github.shelllambda.plugin.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.shelllambda.plugin.localtest.InvocationCheck;
import io.github.shelllambda.plugin.localtest.TestCase;
import io.github.shelllambda.plugin.packaging.BuildLog;
import io.github.shelllambda.runtime.function.FunctionError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Smoke tests from the project's own test cases: each named invocation case is invoked on the
 * new version by its qualifier, through the Lambda API, and held to the case's expectations (the
 * same check as {@code shell-lambda:test}). HTTP cases need the Function URL, which serves the
 * alias only once it moved, so they are refused as smoke tests.
 */
public final class CaseSmokeTest implements SmokeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<TestCase> cases;
  private final BuildLog log;

  /** A case that cannot be a smoke test (an HTTP case). */
  public static final class UnsuitableCaseException extends Exception {
    public UnsuitableCaseException(String message) {
      super(message);
    }
  }

  public CaseSmokeTest(List<TestCase> cases, BuildLog log) throws UnsuitableCaseException {
    for (TestCase c : cases) {
      if (c.invocation().isEmpty()) {
        throw new UnsuitableCaseException("the test case " + c.name() + " (" + c.file() + ") is an HTTP case;"
            + " a smoke test invokes the new version before the alias (and so its Function URL) serves it:"
            + " name an invocation case (one with an \"event\")");
      }
    }
    this.cases = List.copyOf(cases);
    this.log = log;
  }

  @Override
  public void run(LambdaClient client, String functionName, String qualifier) throws SmokeTestFailedException {
    for (TestCase c : cases) {
      if (c.upstream().isPresent() || !c.environment().isEmpty()) {
        log.warn("Smoke test " + c.name() + ": its upstream stubs and environment are local only;"
            + " the deployed version calls what it is configured to call");
      }
      TestCase.Invocation expected = c.invocation().orElseThrow();
      InvokeResponse r = client.invoke(b -> b.functionName(functionName).qualifier(qualifier)
          .payload(SdkBytes.fromByteArray(expected.event())));
      byte[] payload = r.payload() == null ? new byte[0] : r.payload().asByteArray();
      Optional<FunctionError> error = Optional.ofNullable(r.functionError()).map(f -> errorOf(payload));
      List<String> problems = new ArrayList<>(InvocationCheck.check(expected, payload, error));
      if (!problems.isEmpty()) {
        throw new SmokeTestFailedException("the case " + c.name() + " on " + functionName + ":" + qualifier + ": "
            + String.join("; ", problems));
      }
      log.info("Smoke test " + c.name() + " passed on version " + qualifier);
    }
  }

  private static FunctionError errorOf(byte[] payload) {
    String raw = new String(payload, StandardCharsets.UTF_8);
    try {
      JsonNode n = JSON.readTree(payload);
      return new FunctionError(n.path("errorType").asText(null), n.path("errorMessage").asText(null), raw);
    } catch (IOException e) {
      return new FunctionError("Unknown", raw, raw);
    }
  }
}
