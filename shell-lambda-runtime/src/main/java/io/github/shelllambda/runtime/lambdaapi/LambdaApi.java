package io.github.shelllambda.runtime.lambdaapi;

import io.github.shelllambda.runtime.controlplane.ControlPlane;
import io.github.shelllambda.runtime.function.LambdaServiceException;
import io.github.shelllambda.runtime.LocalFunction;
import io.github.shelllambda.runtime.http.HttpRequest;
import io.github.shelllambda.runtime.http.HttpResponse;
import io.github.shelllambda.runtime.http.HttpServer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where the Lambda API ({@code /2015-03-31/...}, {@code /2018-10-31/layers}, and the
 * other dated prefixes of the service model) is routed: Invoke, and with a {@link ControlPlane}
 * its operations as further rows of {@link #routes}. An operation of the API that no row serves
 * is answered 501 with its name.
 */
public final class LambdaApi {
  public static final String PREFIX = "/2015-03-31/";

  /** An operation: method, path pattern (groups are the path parameters, still encoded), handler. */
  private record Route(String operation, String method, Pattern path, Operation handler) {}

  @FunctionalInterface
  interface Operation {
    HttpResponse handle(HttpRequest request, List<String> pathParameters, String requestId);
  }

  private final List<Route> routes = new ArrayList<>();

  public LambdaApi(Map<String, LocalFunction> functions) {
    this(functions, null);
  }

  /** @param plane the control plane whose operations and functions this router also serves, or null */
  public LambdaApi(Map<String, LocalFunction> functions, ControlPlane plane) {
    InvokeApi invoke = new InvokeApi(functions, plane);
    routes.add(
        new Route("Invoke", "POST", Pattern.compile("/2015-03-31/functions/([^/]+)/invocations"), invoke::invoke));
    if (plane != null) {
      for (ControlPlane.Route row : plane.routes()) {
        routes.add(new Route(row.operation(), row.method(), Pattern.compile(row.pathPattern()),
            (request, params, requestId) -> row.handler().handle(request, params)));
      }
    }
  }

  public static boolean handles(HttpRequest r) {
    return LambdaOperations.hasApiPrefix(r.rawPath());
  }

  public HttpResponse handle(HttpRequest r) {
    String requestId = UUID.randomUUID().toString();
    HttpResponse response;
    try {
      response = route(r, requestId);
    } catch (LambdaServiceException e) {
      response = error(requestId, e);
    } catch (RuntimeException e) {
      // never a stack trace to the client: the service's 500, with what failed
      response = error(requestId, new LambdaServiceException(500, "ServiceException",
          "The local Lambda API failed on " + r.method() + " " + r.rawPath() + ": " + e));
    }
    if (!response.headers().has("x-amzn-RequestId")) {
      response.header("x-amzn-RequestId", requestId);
    }
    return response;
  }

  private HttpResponse route(HttpRequest r, String requestId) {
    // A web page's fetch (it carries Origin) that is not SigV4-signed never reaches an operation: the
    // service refuses unsigned requests, and a page must not drive the local Lambda API (invoke,
    // deploy) behind the user's back. SDKs and the CLI sign and send no Origin.
    if (r.headers().has("Origin")
        && !r.headers().first("Authorization").orElse("").startsWith("AWS4-HMAC-SHA256 ")) {
      throw new LambdaServiceException(403, "MissingAuthenticationTokenException",
          "Missing Authentication Token: the Lambda API takes SigV4-signed requests; a browser page's request"
              + " (Origin " + r.headers().first("Origin").get() + ") is refused");
    }
    Route pathOnly = null;
    for (Route route : routes) {
      Matcher m = route.path().matcher(r.rawPath());
      if (m.matches()) {
        if (!route.method().equals(r.method())) {
          pathOnly = route;
          continue;
        }
        List<String> params = new ArrayList<>();
        for (int i = 1; i <= m.groupCount(); i++) {
          params.add(URLDecoder.decode(m.group(i), StandardCharsets.UTF_8));
        }
        return route.handler().handle(r, params, requestId);
      }
    }
    Optional<String> known = LambdaOperations.operation(r.method(), r.rawPath(), r.rawQuery());
    if (known.isPresent()) {
      throw new LambdaServiceException(501, "NotImplementedException",
          known.get() + " is not implemented by the shell-lambda local front door (" + r.method() + " " + r.rawPath()
              + "); see docs/control-plane.md for the operations it serves");
    }
    if (pathOnly != null) {
      throw new LambdaServiceException(
          405, "MethodNotAllowedException", pathOnly.operation() + " takes " + pathOnly.method() + ", not " + r.method());
    }
    throw new LambdaServiceException(
        404, "UnknownOperationException",
        "Unknown operation " + r.method() + " " + r.rawPath() + ": not an operation of the Lambda API");
  }

  /** An AWS-shaped JSON error: {@code x-amzn-ErrorType} header, {@code {"Type":"User","message":...}} body. */
  static HttpResponse error(String requestId, LambdaServiceException e) {
    String type = e.statusCode() >= 500 ? "Service" : "User";
    // the service model spells the field "Message" for these three and "message" for the others
    String field = switch (e.errorCode()) {
      case "ResourceNotFoundException", "ServiceException", "ResourceInUseException" -> "Message";
      default -> "message";
    };
    return HttpResponse.json(
            e.statusCode(),
            "{\"Type\":\"" + type + "\",\"" + field + "\":\"" + HttpServer.jsonEscape(String.valueOf(e.getMessage())) + "\""
                + e.extraJsonFields() + "}")
        .header("x-amzn-ErrorType", e.errorCode())
        .header("x-amzn-RequestId", requestId);
  }

  static Optional<String> queryParameter(HttpRequest r, String name) {
    for (String pair : r.rawQuery().split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }
}
