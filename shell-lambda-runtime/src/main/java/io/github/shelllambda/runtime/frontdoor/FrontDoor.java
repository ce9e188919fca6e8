package io.github.shelllambda.runtime.frontdoor;

import io.github.shelllambda.runtime.LocalFunction;
import io.github.shelllambda.runtime.controlplane.ControlPlane;
import io.github.shelllambda.runtime.http.HttpRequest;
import io.github.shelllambda.runtime.http.HttpResponse;
import io.github.shelllambda.runtime.http.HttpServer;
import io.github.shelllambda.runtime.lambdaapi.LambdaApi;
import io.github.shelllambda.runtime.url.FunctionUrlHandler;
import java.io.Closeable;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The local HTTP front door on 127.0.0.1: the Lambda API under {@code /2015-03-31/} (Invoke, so
 * the AWS SDKs and {@code aws lambda invoke --endpoint-url} work against it), and every other path
 * as the Function URL of the first (default) function. Another function's URL is reached with
 * the host name {@code <name>.lambda-url.localhost} (see {@link #functionUrl(String)}).
 */
public final class FrontDoor implements Closeable {
  private final Map<String, LocalFunction> functions = new LinkedHashMap<>();
  private final LocalFunction defaultFunction;
  private final LambdaApi lambdaApi;
  private final ControlPlane plane;
  private final HttpServer http;

  private FrontDoor(int port, ControlPlane plane, LocalFunction... fns) throws IOException {
    if (fns.length == 0 && plane == null) {
      throw new IllegalArgumentException("a front door needs at least one function or a control plane");
    }
    for (LocalFunction f : fns) {
      if (functions.put(f.id().name(), f) != null) {
        throw new IllegalArgumentException("two functions named " + f.id().name() + " on one front door");
      }
    }
    defaultFunction = fns.length == 0 ? null : fns[0];
    this.plane = plane;
    lambdaApi = new LambdaApi(Map.copyOf(functions), plane);
    // with a plane, bodies up to CreateFunction's limit (a 50 MB zip in base64); Invoke still refuses over 6 MB
    int maxBody = plane == null ? LocalFunction.MAX_REQUEST_BYTES : ControlPlane.MAX_REQUEST_BYTES;
    try {
      http = HttpServer.start(port, "shell-lambda-front-door", maxBody, this::route);
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
    return new FrontDoor(port, null, functions);
  }

  /**
   * Starts the front door with a local control plane behind its Lambda API: the plane's
   * operations, and Invoke on the plane's functions (those not among {@code functions}).
   *
   * @param port 0 for an ephemeral port
   */
  public static FrontDoor start(int port, ControlPlane plane, LocalFunction... functions) throws IOException {
    return new FrontDoor(port, plane, functions);
  }

  private HttpResponse route(HttpRequest r) {
    if (plane != null) {
      // a control-plane Function URL is chosen by its Host, whatever the path
      java.util.Optional<HttpResponse> url = plane.functionUrl(r);
      if (url.isPresent()) {
        return url.get();
      }
    }
    if (LambdaApi.handles(r)) {
      return lambdaApi.handle(r);
    }
    LocalFunction f = urlFunction(r);
    if (f == null) {
      return HttpResponse.json(404, "{\"Message\":\"No function URL at this address: this front door serves the"
          + " Lambda API only\"}");
    }
    return FunctionUrlHandler.handle(r, f);
  }

  private LocalFunction urlFunction(HttpRequest r) {
    String host = r.headers().first("Host").orElse("").toLowerCase(Locale.ROOT);
    int dot = host.indexOf(".lambda-url.");
    if (dot > 0) {
      LocalFunction f = functions.get(host.substring(0, dot));
      if (f != null) {
        return f;
      }
    }
    return defaultFunction;
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
    if (functions.get(functionName) == defaultFunction) {
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
