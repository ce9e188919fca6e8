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
 * <p>The rows are Invoke and, with a {@link Plane} (the local control plane), its operations
 * (functions, code, configuration, versions, aliases, layers, Function URL configs, permissions,
 * concurrency, tags), each written as the service model writes it:
 *
 * <pre>{@code
 * Route.of("GetAlias", "GET", "/2015-03-31/functions/{FunctionName}/aliases/{Name}", plane::getAlias)
 * }</pre>
 *
 * A request for an operation of the service model that no row implements is answered 501 {@code
 * NotImplementedException} naming the operation ({@link KnownOperations}), never a wrong success;
 * a path some row serves with another method, 405 {@code MethodNotAllowedException}; any other
 * path under the prefixes, 404 {@code UnknownOperationException} with the method and path. An
 * operation's failure other than a {@link LambdaServiceException} is a 500 {@code
 * ServiceException} naming what failed, never a stack trace.
 */
public final class LambdaApi {
  /** The Invoke API's (and most of the control plane's) path prefix. */
  public static final String PREFIX = "/2015-03-31/";

  /**
   * Path prefixes of the Lambda API the front door routes here: the dated prefix of every
   * operation of the service model ({@code /2015-03-31/} functions, code, configuration, versions,
   * aliases, policy; {@code /2018-10-31/} layers; {@code /2021-10-31/} Function URL configs; {@code
   * /2017-10-31/} and {@code /2019-09-30/} concurrency; {@code /2017-03-31/} tags; and those of the
   * operations nothing implements, answered 501 naming them). Every other path is a Function URL.
   */
  public static final List<String> PREFIXES = KnownOperations.prefixes();

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
    this(new InvokeApi(functions, null), more);
  }

  /**
   * The Lambda API of these functions and a control plane: the plane's operations as rows, and
   * Invoke also on the plane's functions (those not in {@code functions}, by version or alias).
   */
  public LambdaApi(Map<String, LocalFunction> functions, Plane plane) {
    this(new InvokeApi(functions, plane), plane.routes());
  }

  private LambdaApi(InvokeApi invoke, List<Route> more) {
    add(Route.of("Invoke", "POST", "/2015-03-31/functions/{FunctionName}/invocations", invoke::invoke));
    add(Route.of("InvokeWithResponseStream", "POST", "/2021-11-15/functions/{FunctionName}/response-streaming-invocations",
        invoke::invokeWithResponseStream));
    more.forEach(this::add);
  }

  /**
   * A control plane behind this API (implemented by {@code runtime.controlplane.ControlPlane}; the
   * interface lives here so that the plane depends on the router and not the other way round).
   */
  public interface Plane {
    /** The plane's region: the region of the ARNs it answers and accepts. */
    String region();

    /** The plane's operations as rows. */
    List<Route> routes();

    boolean hasFunction(String name);

    /**
     * What an invocation of {@code name} (qualifier a version, an alias, {@code $LATEST} or null)
     * runs; closed when the invocation is over.
     */
    Target invokeTarget(String name, String qualifier);

    /** A version's local function, and the version to report in {@code X-Amz-Executed-Version}. */
    interface Target extends AutoCloseable {
      LocalFunction function();

      String executedVersion();

      @Override
      void close();
    }
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
      // never a stack trace to the client: the service's 500, with what failed
      resp = error(new LambdaServiceException(
          500, "ServiceException", "the local Lambda API failed on " + r.method() + " " + r.rawPath() + ": " + e));
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
          501, "NotImplementedException",
          known.get().name() + " is not implemented by the shell-lambda local front door (" + known.get().method() + " "
              + known.get().requestUri() + "); see docs/control-plane.md for the operations it serves");
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
    // the service model spells the field "Message" for these three and "message" for the others
    String field = switch (e.errorCode()) {
      case "ResourceNotFoundException", "ServiceException", "ResourceInUseException" -> "Message";
      default -> "message";
    };
    return HttpResponse.json(
            e.statusCode(),
            "{\"Type\":\"" + type + "\",\"" + field + "\":\"" + HttpServer.jsonEscape(String.valueOf(e.getMessage())) + "\""
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
