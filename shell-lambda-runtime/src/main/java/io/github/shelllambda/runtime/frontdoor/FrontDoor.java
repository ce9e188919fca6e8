package io.github.shelllambda.runtime.frontdoor;

import io.github.shelllambda.runtime.LocalFunction;
import io.github.shelllambda.runtime.controlplane.ControlPlane;
import io.github.shelllambda.runtime.function.RequestIds;
import io.github.shelllambda.runtime.http.HttpRequest;
import io.github.shelllambda.runtime.http.HttpResponse;
import io.github.shelllambda.runtime.http.HttpServer;
import io.github.shelllambda.runtime.lambdaapi.CallerCheck;
import io.github.shelllambda.runtime.lambdaapi.LambdaApi;
import io.github.shelllambda.runtime.url.FunctionUrlHandler;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local HTTP front door on 127.0.0.1: the Lambda API under {@link LambdaApi#PREFIXES} (Invoke,
 * so the AWS SDKs and {@code aws lambda invoke --endpoint-url} work against it), and every other path
 * as the Function URL of the first (default) function. Another function's URL is reached with
 * the host name {@code <name>.lambda-url.localhost} (see {@link #functionUrl(String)}); an unknown
 * name there gets 404. The Lambda API paths answer only callers on this machine that are not web
 * pages ({@link CallerCheck}); Function URLs answer browsers too.
 */
public final class FrontDoor implements Closeable {
  /** Read by request threads while {@link #replace} writes: a concurrent map, shared with the router. */
  private final Map<String, LocalFunction> functions = new ConcurrentHashMap<>();
  private final String defaultName;
  private final LambdaApi lambdaApi;
  private final ControlPlane plane;
  private final HttpServer http;

  /** Handler threads beyond the functions' concurrency: answers that need no environment (429, 4xx, DryRun). */
  static final int THREAD_MARGIN = 8;

  /**
   * Handler threads for a control plane's own functions (its versions and aliases run there, each
   * with its own environment; their number is not known when the door starts).
   */
  static final int PLANE_THREADS = 32;

  /** Default idle timeout of a front door connection (a keep-alive client, a stalled request). */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  private FrontDoor(int port, Duration idleTimeout, ControlPlane plane, LocalFunction... fns) throws IOException {
    if (fns.length == 0 && plane == null) {
      throw new IllegalArgumentException("a front door needs at least one function or a control plane");
    }
    int concurrency = 0;
    for (LocalFunction f : fns) {
      if (functions.put(f.id().name(), f) != null) {
        throw new IllegalArgumentException("two functions named " + f.id().name() + " on one front door");
      }
      concurrency += f.maxConcurrency();
    }
    defaultName = fns.length == 0 ? null : fns[0].id().name();
    this.plane = plane;
    lambdaApi = plane == null
        ? new LambdaApi(Collections.unmodifiableMap(functions))
        : new LambdaApi(Collections.unmodifiableMap(functions), plane);
    // with a plane, bodies up to CreateFunction's limit (a 50 MB zip in base64); Invoke still refuses
    // over 6 MB (LocalFunction checks the payload)
    int maxBody = plane == null ? LocalFunction.MAX_REQUEST_BYTES : ControlPlane.MAX_REQUEST_BYTES;
    HttpServer.Settings settings =
        HttpServer.Settings.of(port, "shell-lambda-front-door", maxBody)
            .withHandlerThreads(concurrency + THREAD_MARGIN + (plane == null ? 0 : PLANE_THREADS))
            .withIdleTimeout(idleTimeout)
            .withProblemLog(this::problem);
    try {
      http = HttpServer.start(settings, this::route);
    } catch (java.net.BindException e) {
      throw new java.net.BindException(
          "cannot listen on 127.0.0.1:" + port + " (" + e.getMessage() + "): another process uses that port;"
              + " stop it or choose another port (0 picks a free one)");
    }
    if (plane != null) {
      plane.servedAt(http.port());
    }
  }

  /**
   * Starts the front door.
   *
   * @param port 0 for an ephemeral port
   */
  public static FrontDoor start(int port, LocalFunction... functions) throws IOException {
    return new FrontDoor(port, DEFAULT_IDLE_TIMEOUT, null, functions);
  }

  /**
   * Starts the front door with another idle timeout: a connection that moves no byte for that long
   * is closed, whether it sits between requests or in the middle of one.
   */
  public static FrontDoor start(int port, Duration idleTimeout, LocalFunction... functions) throws IOException {
    return new FrontDoor(port, idleTimeout, null, functions);
  }

  /**
   * Starts the front door with a local control plane behind its Lambda API: the plane's
   * operations, Invoke on the plane's functions (those not among {@code functions}, which may be
   * none), and the plane's Function URLs by their host ({@code <url-id>.lambda-url.<region>.localhost}).
   *
   * @param port 0 for an ephemeral port
   */
  public static FrontDoor start(int port, ControlPlane plane, LocalFunction... functions) throws IOException {
    return new FrontDoor(port, DEFAULT_IDLE_TIMEOUT, java.util.Objects.requireNonNull(plane, "plane"), functions);
  }

  private void problem(String line) {
    if (defaultName != null) {
      functions.get(defaultName).log(line);
    } else {
      plane.log("[front door] " + line);
    }
  }

  private HttpResponse route(HttpRequest r) {
    // one request id per request, minted here as it arrives and carried to the function
    String requestId = RequestIds.mint();
    if (plane != null) {
      // a control-plane Function URL is chosen by its Host, whatever the path
      java.util.Optional<HttpResponse> url = plane.functionUrl(r, requestId);
      if (url.isPresent()) {
        return url.get();
      }
    }
    if (LambdaApi.handles(r)) {
      return CallerCheck.refusal(r, port())
          .map(refused -> refused.header("x-amzn-RequestId", requestId))
          .orElseGet(() -> lambdaApi.handle(r, requestId));
    }
    LocalFunction fn = urlFunction(r);
    if (fn == null) {
      String host = r.headers().first("Host").orElse("");
      String serves = functions.isEmpty()
          ? "this front door serves the Lambda API and the control plane's Function URLs only"
          : "this front door serves " + functions.keySet() + " (http://<name>.lambda-url.localhost:" + port() + "/)";
      return HttpResponse.json(
          404,
          "{\"Message\":\"" + HttpServer.jsonEscape("no Function URL for host " + host + ": " + serves) + "\"}")
          .header("x-amzn-RequestId", requestId);
    }
    return FunctionUrlHandler.handle(r, fn, requestId);
  }

  /** The function a Function URL request is for: by {@code <name>.lambda-url.*} host, else the default; null when that name is unknown. */
  private LocalFunction urlFunction(HttpRequest r) {
    String host = r.headers().first("Host").orElse("").toLowerCase(Locale.ROOT);
    int dot = host.indexOf(".lambda-url.");
    if (dot > 0) {
      return functions.get(host.substring(0, dot));
    }
    return defaultName == null ? null : functions.get(defaultName);
  }

  /**
   * Routes every later request for {@code function}'s name to {@code function} (a reloaded
   * build of it) on the same port; requests already running stay with the one it replaces,
   * which the caller drains and closes ({@link LocalFunction#drainAndClose()}).
   *
   * @return the function it replaces
   */
  public LocalFunction replace(LocalFunction function) {
    String name = function.id().name();
    requireFunction(name);
    LocalFunction old = functions.put(name, function);
    old.forwardTo(function); // a request that picked the old one just before the swap
    return old;
  }

  /** The threads the front door may use at most: the functions' concurrency, a margin, and the server's own. */
  public int maxThreads() {
    return http.maxThreads();
  }

  public int port() {
    return http.port();
  }

  /** The endpoint to give an AWS SDK or the AWS CLI ({@code --endpoint-url}). */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** The Invoke API URL of a function. */
  public String invokeUrl(String functionName) {
    requireFunction(functionName);
    return endpoint() + LambdaApi.PREFIX + "functions/" + functionName + "/invocations";
  }

  /**
   * The Function URL base of a function: {@code http://127.0.0.1:PORT/} for the default (first)
   * one, {@code http://<name>.lambda-url.localhost:PORT/} for the others (resolvable by browsers
   * and curl; other clients send that Host header to 127.0.0.1).
   */
  public String functionUrl(String functionName) {
    requireFunction(functionName);
    if (functionName.equals(defaultName)) {
      return endpoint() + "/";
    }
    return "http://" + functionName + ".lambda-url.localhost:" + port() + "/";
  }

  private void requireFunction(String name) {
    if (!functions.containsKey(name)) {
      throw new IllegalArgumentException("no function named '" + name + "' on this front door; it has " + functions.keySet());
    }
  }

  /** Stops the server; the functions stay open (their owner closes them). */
  @Override
  public void close() {
    http.close();
  }
}
