package io.github.shelllambda.plugin.localrun;

import io.github.shelllambda.plugin.function.LocalFunctionSpec;

import io.github.shelllambda.plugin.localtest.StubServer;
import io.github.shelllambda.plugin.localtest.TestCase;
import io.github.shelllambda.plugin.packaging.BuildLog;
import io.github.shelllambda.runtime.LocalFunction;
import io.github.shelllambda.runtime.controlplane.ControlPlane;
import io.github.shelllambda.runtime.frontdoor.FrontDoor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The packaged function served on 127.0.0.1 as a Function URL and through the Invoke API (what
 * {@code mvn shell-lambda:run} keeps up), with the upstream stubs of a test case when asked, and
 * a reload that swaps in a freshly packaged zip on the same port. With a state directory, the
 * local control plane (docs/control-plane.md) is served on the same port and the function is its
 * {@code $LATEST} (put again on every reload), so {@code aws lambda get-function} and {@code
 * list-functions} see it; Invoke on the function's name (no qualifier or {@code $LATEST}) runs the
 * function served here, a version or alias qualifier what was published to the plane.
 */
public final class LocalEndpoint implements AutoCloseable {
  private final BuildLog log;
  private final Path workDirectory;
  private final StubServer stubs;
  private final String stubEnv;
  private final Path planeState;
  private ControlPlane plane;
  private int port;
  private int generation;
  private LocalFunctionSpec spec;
  private LocalFunction function;
  private FrontDoor door;
  private Path functionDirectory;
  /** Replaced functions still draining, and their folders. */
  private final Map<LocalFunction, Path> retiring = new IdentityHashMap<>();
  private boolean closed;

  private LocalEndpoint(LocalFunctionSpec spec, Path workDirectory, BuildLog log, StubServer stubs, String stubEnv,
      Path planeState) {
    this.spec = spec;
    this.planeState = planeState;
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
    return start(spec, port, workDirectory, log, upstream, Optional.empty());
  }

  /**
   * Starts serving, with the local control plane on the same port when {@code planeState} is given.
   *
   * @param planeState the control plane's state directory (kept across runs); empty: no plane.
   *     When another plane holds it (a {@code shell-lambda:start} or another {@code run}), the
   *     function is served without one and a warning says so.
   */
  public static LocalEndpoint start(LocalFunctionSpec spec, int port, Path workDirectory, BuildLog log,
      Optional<TestCase.Upstream> upstream, Optional<Path> planeState) throws IOException {
    StubServer stubs = upstream.isPresent() ? StubServer.start(upstream.get().stubs()) : null;
    LocalEndpoint e = new LocalEndpoint(spec, workDirectory, log, stubs, upstream.map(TestCase.Upstream::env).orElse(null),
        planeState.orElse(null));
    try {
      e.port = port;
      e.openPlane();
      e.startFunction();
      e.port = e.door.port();
    } catch (IOException | RuntimeException ex) {
      e.close();
      throw ex;
    }
    return e;
  }

  private void openPlane() throws IOException {
    if (planeState == null) {
      return;
    }
    try {
      plane = ControlPlane.builder(planeState).logSink(log::info).open();
    } catch (IOException e) {
      if (!e.getMessage().startsWith("another local control plane uses the state directory")) {
        throw e;
      }
      log.warn("Serving without the local control plane: " + e.getMessage());
    }
  }

  private void startFunction() throws IOException {
    functionDirectory = workDirectory.resolve("run-" + (generation++));
    function = withStubs(spec).start(log::info, functionDirectory);
    putInPlane(spec);
    door = plane == null ? FrontDoor.start(port, function) : FrontDoor.start(port, plane, function);
  }

  /** The project's function as the plane's $LATEST (its layers published by file name when they changed). */
  private void putInPlane(LocalFunctionSpec s) throws IOException {
    if (plane != null) {
      plane.putLocalFunction(s.configuration(), s.functionZip(), s.layers());
    }
  }

  private LocalFunctionSpec withStubs(LocalFunctionSpec s) {
    return stubs == null ? s : s.withEnvironment(Map.of(stubEnv, stubs.baseUrl()));
  }

  /**
   * Swaps in a new build of the function (a re-packaged zip) on the same port: later requests go
   * to it at once, while invocations already running finish on the old one (at most its
   * timeout), which is closed after. Returns once the old one is closed.
   */
  public void reload(LocalFunctionSpec newSpec) throws IOException {
    LocalFunction old;
    Path oldDirectory;
    synchronized (this) {
      if (closed) {
        return;
      }
      Path directory = workDirectory.resolve("run-" + (generation++));
      LocalFunction fresh = withStubs(newSpec).start(log::info, directory);
      old = door.replace(fresh);
      putInPlane(newSpec);
      oldDirectory = functionDirectory;
      retiring.put(old, oldDirectory);
      function = fresh;
      functionDirectory = directory;
      spec = newSpec;
    }
    // Outside the lock: close() must be able to stop the endpoint while the old function drains.
    boolean drained = old.drainAndClose();
    synchronized (this) {
      if (!drained && !closed) {
        log.warn("An invocation of the previous version still ran after its timeout and was stopped");
      }
      retiring.remove(old);
      LocalFunctionSpec.deleteTree(oldDirectory);
    }
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

  /** The Lambda API endpoint ({@code --endpoint-url}). */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The control plane served on this endpoint, if any. */
  public Optional<ControlPlane> plane() {
    return Optional.ofNullable(plane);
  }

  /** What {@code run} prints: both URLs and lines ready to paste. */
  public List<String> usage() {
    String endpoint = endpoint();
    String name = spec.configuration().functionName();
    String region = plane == null ? "us-east-1" : plane.region();
    List<String> lines = new java.util.ArrayList<>(List.of(
        "Function URL: " + functionUrl(),
        "Invoke API:   " + invokeUrl()));
    if (plane != null) {
      lines.add("Lambda API:   " + endpoint + " (local control plane, state " + plane.stateDirectory() + "; "
          + name + " is its $LATEST)");
    }
    lines.add("Try:  curl -i " + functionUrl());
    lines.add("      aws lambda invoke --endpoint-url " + endpoint + " --no-sign-request --region " + region
        + " --cli-binary-format raw-in-base64-out --function-name " + name + " --payload '{}' /dev/stdout");
    if (plane != null) {
      lines.add("      aws lambda list-functions --endpoint-url " + endpoint + " --no-sign-request --region " + region);
    }
    return List.copyOf(lines);
  }

  /**
   * Stops at once: kills every function's processes (an invocation still running ends with a
   * "stopped" error, not a false timeout), stops the server, removes the work folders.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (function != null) {
      function.close();
    }
    retiring.keySet().forEach(LocalFunction::close);
    if (door != null) {
      door.close();
    }
    if (plane != null) {
      plane.close();
    }
    if (stubs != null) {
      stubs.close();
    }
    LocalFunctionSpec.deleteTree(functionDirectory);
    retiring.values().forEach(LocalFunctionSpec::deleteTree);
  }
}
