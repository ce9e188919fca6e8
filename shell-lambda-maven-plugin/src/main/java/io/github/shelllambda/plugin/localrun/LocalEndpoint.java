package io.github.shelllambda.plugin.localrun;

import io.github.shelllambda.plugin.function.LocalFunctionSpec;

import io.github.shelllambda.plugin.localtest.StubServer;
import io.github.shelllambda.plugin.localtest.TestCase;
import io.github.shelllambda.plugin.packaging.BuildLog;
import io.github.shelllambda.runtime.frontdoor.FrontDoor;
import io.github.shelllambda.runtime.LocalFunction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The packaged function served on 127.0.0.1 as a Function URL and through the Invoke API (what
 * {@code mvn shell-lambda:run} keeps up), with the upstream stubs of a test case when asked, and
 * a reload that swaps in a freshly packaged zip on the same port.
 */
public final class LocalEndpoint implements AutoCloseable {
  private final BuildLog log;
  private final Path workDirectory;
  private final StubServer stubs;
  private final String stubEnv;
  private int port;
  private int generation;
  private LocalFunctionSpec spec;
  private LocalFunction function;
  private FrontDoor door;
  private Path functionDirectory;

  private LocalEndpoint(LocalFunctionSpec spec, Path workDirectory, BuildLog log, StubServer stubs, String stubEnv) {
    this.spec = spec;
    this.workDirectory = workDirectory;
    this.log = log;
    this.stubs = stubs;
    this.stubEnv = stubEnv;
  }

  /**
   * Starts serving.
   *
   * @param port 0 for an ephemeral port
   * @param upstream a test case's upstream, whose stubs are served and handed to the function
   */
  public static LocalEndpoint start(LocalFunctionSpec spec, int port, Path workDirectory, BuildLog log,
      Optional<TestCase.Upstream> upstream) throws IOException {
    StubServer stubs = upstream.isPresent() ? StubServer.start(upstream.get().stubs()) : null;
    LocalEndpoint e = new LocalEndpoint(spec, workDirectory, log, stubs, upstream.map(TestCase.Upstream::env).orElse(null));
    try {
      e.port = port;
      e.startFunction();
      e.port = e.door.port();
    } catch (IOException | RuntimeException ex) {
      e.close();
      throw ex;
    }
    return e;
  }

  private void startFunction() throws IOException {
    LocalFunctionSpec s = stubs == null ? spec : spec.withEnvironment(Map.of(stubEnv, stubs.baseUrl()));
    functionDirectory = workDirectory.resolve("run-" + (generation++));
    function = s.start(log::info, functionDirectory);
    door = FrontDoor.start(port, function);
  }

  /** Swaps in a new function (a re-packaged zip) on the same port; in-flight calls finish first. */
  public synchronized void reload(LocalFunctionSpec newSpec) throws IOException {
    closeFunction();
    this.spec = newSpec;
    startFunction();
  }

  public int port() {
    return port;
  }

  public String functionUrl() {
    return door.functionUrl(spec.configuration().functionName());
  }

  public String invokeUrl() {
    return door.invokeUrl(spec.configuration().functionName());
  }

  public Optional<String> stubsUrl() {
    return Optional.ofNullable(stubs).map(StubServer::baseUrl);
  }

  /** What {@code run} prints: both URLs and lines ready to paste. */
  public List<String> usage() {
    String endpoint = "http://127.0.0.1:" + port;
    String name = spec.configuration().functionName();
    return List.of(
        "Function URL: " + functionUrl(),
        "Invoke API:   " + invokeUrl(),
        "Try:  curl -i " + functionUrl(),
        "      aws lambda invoke --endpoint-url " + endpoint + " --no-sign-request --region us-east-1"
            + " --cli-binary-format raw-in-base64-out --function-name " + name
            + " --payload '{}' /dev/stdout");
  }

  private void closeFunction() {
    if (door != null) {
      door.close();
      door = null;
    }
    if (function != null) {
      function.close();
      function = null;
    }
    LocalFunctionSpec.deleteTree(functionDirectory);
  }

  @Override
  public synchronized void close() {
    closeFunction();
    if (stubs != null) {
      stubs.close();
    }
  }
}
