package io.github.shelllambda.runtime.lambdaapi;

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
 * The one place where {@code /2015-03-31/...} (the Lambda API) is routed. Today: Invoke. The
 * control-plane operations (functions, code, configuration, versions, aliases, URL config) are
 * further rows of {@link #routes}.
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
    InvokeApi invoke = new InvokeApi(functions);
    routes.add(
        new Route("Invoke", "POST", Pattern.compile("/2015-03-31/functions/([^/]+)/invocations"), invoke::invoke));
  }

  public static boolean handles(HttpRequest r) {
    return r.rawPath().startsWith(PREFIX);
  }

  public HttpResponse handle(HttpRequest r) {
    String requestId = UUID.randomUUID().toString();
    try {
      for (Route route : routes) {
        Matcher m = route.path().matcher(r.rawPath());
        if (m.matches()) {
          if (!route.method().equals(r.method())) {
            return error(
                requestId,
                new LambdaServiceException(
                    405, "MethodNotAllowedException", route.operation() + " takes " + route.method() + ", not " + r.method()));
          }
          List<String> params = new ArrayList<>();
          for (int i = 1; i <= m.groupCount(); i++) {
            params.add(decode(m.group(i), "the path"));
          }
          return route.handler().handle(r, params, requestId);
        }
      }
      return error(
          requestId,
          new LambdaServiceException(
              404, "UnknownOperationException",
              "Unknown operation " + r.method() + " " + r.rawPath() + ": the local front door implements Invoke"
                  + " (POST /2015-03-31/functions/{name}/invocations) only"));
    } catch (LambdaServiceException e) {
      return error(requestId, e);
    }
  }

  /** An AWS-shaped JSON error: {@code x-amzn-ErrorType} header, {@code {"Type":"User","message":...}} body. */
  static HttpResponse error(String requestId, LambdaServiceException e) {
    String type = e.statusCode() >= 500 ? "Service" : "User";
    return HttpResponse.json(
            e.statusCode(),
            "{\"Type\":\"" + type + "\",\"message\":\"" + HttpServer.jsonEscape(String.valueOf(e.getMessage())) + "\""
                + e.extraJsonFields() + "}")
        .header("x-amzn-ErrorType", e.errorCode())
        .header("x-amzn-RequestId", requestId);
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
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return Optional.of(decode(pair.substring(eq + 1), "query parameter " + name));
      }
    }
    return Optional.empty();
  }
}
