package io.github.shelllambda.plugin.localrun;

import io.github.shelllambda.plugin.function.LocalFunctionSpec;

import io.github.shelllambda.plugin.localtest.StubServer;
import io.github.shelllambda.plugin.localtest.TestCase;
import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.function.InvokeRequest;
import io.github.shelllambda.runtime.LocalFunction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** One local invocation of the packaged function: what {@code mvn shell-lambda:invoke} does. */
public final class InvokeOnce {
  private InvokeOnce() {}

  /** The invocation, and the stub server's recorded requests when stubs were served. */
  public record Result(Invocation invocation, Optional<java.util.List<String>> stubProblems) {}

  public static Result invoke(LocalFunctionSpec spec, byte[] payload, Path workDirectory,
      Optional<TestCase.Upstream> upstream) throws IOException {
    StubServer stubs = upstream.isPresent() ? StubServer.start(upstream.get().stubs()) : null;
    try {
      LocalFunctionSpec s = stubs == null ? spec
          : spec.withEnvironment(Map.of(upstream.get().env(), stubs.baseUrl()));
      try (LocalFunction fn = s.start(line -> { }, workDirectory)) {
        Invocation inv = fn.invoke(InvokeRequest.of(payload));
        return new Result(inv, stubs == null ? Optional.empty()
            : Optional.of(stubs.problems(upstream.get().expectedRequests())));
      }
    } finally {
      LocalFunctionSpec.deleteTree(workDirectory);
      if (stubs != null) {
        stubs.close();
      }
    }
  }
}
