package io.github.shelllambda.runtime.lambdaapi;

import io.github.shelllambda.runtime.LocalFunction;
import io.github.shelllambda.runtime.function.LambdaServiceException;
import io.github.shelllambda.runtime.function.RequestIds;
import io.github.shelllambda.runtime.http.HttpRequest;
import io.github.shelllambda.runtime.http.HttpResponse;
import io.github.shelllambda.runtime.http.HttpServer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The one router of the Lambda API: every path under {@link #PREFIXES} comes here, is matched
 * against the rows of {@link #routes()} (operation name, method, request URI, handler) and answers
 * under one request id, the {@code x-amzn-RequestId} of every answer, errors included.
 *
 * <p>Today the rows are Invoke. The control plane (functions, code, configuration, versions,
 * aliases, layers, Function URL configs, concurrency) adds its operations as further rows, each
 * written as the service model writes it:
 *
 * <pre>{@code
 * Route.of("GetAlias", "GET", "/2015-03-31/functions/{FunctionName}/aliases/{Name}", plane::getAlias)
 * }</pre>
 *
 * A request for an operation no row implements is answered with an AWS-shaped {@code
 * UnknownOperationException} naming the operation (from the service model's table, {@link
 * KnownOperations}) or, when the path is no Lambda operation at all, the method and path.
 */
public final class LambdaApi {
  /** The Invoke API's (and most of the control plane's) path prefix. */
  public static final String PREFIX = "/2015-03-31/";

  /**
   * Path prefixes of the Lambda API operations the front door routes here: functions, code,
   * configuration, versions, aliases, policy ({@code /2015-03-31/}), layers ({@code
   * /2018-10-31/layers}), Function URL configs ({@code /2021-10-31/}), concurrency ({@code
   * /2017-10-31/}, {@code /2019-09-30/}). Every other path is a Function URL.
   */
  public static final List<String> PREFIXES =
      List.of(PREFIX, "/2018-10-31/layers", "/2021-10-31/", "/2017-10-31/", "/2019-09-30/");

  /** One request to an operation: the HTTP request, its request id, the decoded path parameters. */
  public record Call(HttpRequest http, String requestId, Map<String, String> pathParameters) {
    /** A path parameter by the name the request URI gives it ({@code FunctionName}). */
    public String pathParameter(String name) {
      String v = pathParameters.get(name);
      if (v == null) {
        throw new IllegalArgumentException("the route has no path parameter {" + name + "}; it has " + pathParameters.keySet());
      }
      return v;
    }

    /** A query parameter, decoded; empty when absent. */
    public Optional<String> queryParameter(String name) {
      return LambdaApi.queryParameter(http, name);
    }
  }

  /**
   * An operation's handler. It answers, or throws a {@link LambdaServiceException} (answered
   * AWS-shaped); the router adds {@code x-amzn-RequestId}.
   */
  @FunctionalInterface
  public interface Operation {
    HttpResponse handle(Call call);
  }

  /** A row: the operation's name and HTTP binding as in the service model, and its handler. */
  public record Route(String operation, String method, RequestUri uri, Operation handler) {
    /**
     * @param requestUri as the service model writes it: a path template with {@code {Name}}
     *     parameters, optionally followed by required query parameters ({@code
     *     /2018-10-31/layers?find=LayerVersion})
     */
    public static Route of(String operation, String method, String requestUri, Operation handler) {
      return new Route(operation, method, RequestUri.parse(requestUri), handler);
    }
  }

  private final List<Route> routes = new ArrayList<>();

  /** The Lambda API of these functions (by name): Invoke. */
  public LambdaApi(Map<String, LocalFunction> functions) {
    this(functions, List.of());
  }

  /**
   * The Lambda API of these functions with further operations (the control plane's rows). A row
   * for an operation already routed replaces it.
   */
  public LambdaApi(Map<String, LocalFunction> functions, List<Route> more) {
    InvokeApi invoke = new InvokeApi(functions);
    add(Route.of("Invoke", "POST", "/2015-03-31/functions/{FunctionName}/invocations", invoke::invoke));
    more.forEach(this::add);
  }

  private void add(Route r) {
    if (!handles(r.uri().template())) {
      throw new IllegalArgumentException(
          "route " + r.operation() + " (" + r.uri().template() + ") is outside the Lambda API's prefixes " + PREFIXES
              + ": the front door would send it to a Function URL; add its prefix to LambdaApi.PREFIXES");
    }
    routes.removeIf(e -> e.operation().equals(r.operation()));
    routes.add(r);
    // a row that needs a query parameter is tried before the plain one on the same path
    routes.sort(Comparator.comparingInt((Route e) -> -e.uri().query().size()));
  }

  /** The rows, in matching order. */
  public List<Route> routes() {
    return List.copyOf(routes);
  }

  /** True when the front door routes {@code r} here rather than to a Function URL. */
  public static boolean handles(HttpRequest r) {
    return handles(r.rawPath());
  }

  static boolean handles(String path) {
    for (String p : PREFIXES) {
      if (path.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** Answers {@code r} under a new request id. */
  public HttpResponse handle(HttpRequest r) {
    return handle(r, RequestIds.mint());
  }

  /** Answers {@code r} under {@code requestId}, minted when the request arrived. */
  public HttpResponse handle(HttpRequest r, String requestId) {
    HttpResponse resp;
    try {
      resp = dispatch(r, requestId);
    } catch (LambdaServiceException e) {
      resp = error(e);
    } catch (RuntimeException e) {
      resp = error(new LambdaServiceException(500, "ServiceException", "the local Lambda API failed: " + e));
    }
    resp.headers().set("x-amzn-RequestId", requestId);
    return resp;
  }

  private HttpResponse dispatch(HttpRequest r, String requestId) {
    String path = r.rawPath();
    List<String> otherMethods = new ArrayList<>();
    for (Route route : routes) {
      Optional<Map<String, String>> params = route.uri().match(path, r);
      if (params.isEmpty()) {
        continue;
      }
      if (route.method().equals(r.method())) {
        return route.handler().handle(new Call(r, requestId, params.get()));
      }
      otherMethods.add(route.method() + " (" + route.operation() + ")");
    }
    Optional<KnownOperations.Operation> known = KnownOperations.find(r.method(), path, r);
    if (known.isPresent()) {
      throw new LambdaServiceException(
          404, "UnknownOperationException",
          known.get().name() + " (" + known.get().method() + " " + known.get().requestUri() + ") is an operation of"
              + " the Lambda API that the local front door does not implement; it implements " + implemented());
    }
    if (!otherMethods.isEmpty()) {
      throw new LambdaServiceException(
          405, "MethodNotAllowedException",
          r.method() + " " + path + " is no Lambda API operation; this path takes " + String.join(", ", otherMethods));
    }
    throw new LambdaServiceException(
        404, "UnknownOperationException",
        "Unknown operation " + r.method() + " " + path + ": it is no Lambda API operation; the local front door"
            + " implements " + implemented());
  }

  private String implemented() {
    StringJoiner j = new StringJoiner(", ");
    for (Route route : routes) {
      j.add(route.operation() + " (" + route.method() + " " + route.uri().template() + ")");
    }
    return j.toString();
  }

  /**
   * An AWS-shaped JSON error: {@code x-amzn-ErrorType} header, {@code {"Type":"User","message":...}}
   * body. {@link #handle} adds the request id.
   */
  public static HttpResponse error(LambdaServiceException e) {
    String type = e.statusCode() >= 500 ? "Service" : "User";
    return HttpResponse.json(
            e.statusCode(),
            "{\"Type\":\"" + type + "\",\"message\":\"" + HttpServer.jsonEscape(String.valueOf(e.getMessage())) + "\""
                + e.extraJsonFields() + "}")
        .header("x-amzn-ErrorType", e.errorCode());
  }

  /** Percent-decodes a path or query part; a bad escape ({@code %zz}) is the caller's 400, as AWS answers it. */
  static String decode(String raw, String where) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new LambdaServiceException(
          400, "InvalidParameterValueException",
          where + " has a malformed percent-escape ('" + raw + "'): write '%' as %25");
    }
  }

  static Optional<String> queryParameter(HttpRequest r, String name) {
    for (String pair : r.rawQuery().split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (!key.isEmpty() && decode(key, "a query parameter's name").equals(name)) {
        return Optional.of(eq < 0 ? "" : decode(pair.substring(eq + 1), "query parameter " + name));
      }
    }
    return Optional.empty();
  }

  /** Percent-decoding of a path segment ('+' stays '+', unlike in a query). */
  static String decodePathSegment(String s) {
    return decode(s.replace("+", "%2B"), "the path");
  }
}
