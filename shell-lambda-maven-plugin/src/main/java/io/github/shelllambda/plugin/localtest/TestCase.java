package io.github.shelllambda.plugin.localtest;

import io.github.shelllambda.plugin.function.UrlInvokeMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One handler test case, read from {@code src/test/shell-lambda/<name>.case.json}: either an
 * invocation (an event in, a response or an error out) or an HTTP request through the Function
 * URL front door.
 *
 * @param name the file name without {@code .case.json}; what {@code -Dshell-lambda.test} selects
 * @param environment extra variables for the function, on top of the POM's
 * @param maxDurationMs optional budget for the measured Duration of the case's invocation
 * @param upstream optional stubbed upstream HTTP API
 * @param secrets fake values {@code lambda_secret} gets (name, or {@code ssm:name}, to value),
 *     served on loopback as Secrets Manager and SSM; empty when the case has none
 */
public record TestCase(
    String name,
    Path file,
    String description,
    Map<String, String> environment,
    OptionalLong maxDurationMs,
    Optional<Invocation> invocation,
    Optional<HttpCall> http,
    Optional<Upstream> upstream,
    Map<String, String> secrets) {

  public TestCase {
    secrets = Map.copyOf(secrets);
  }

  /** Never shows the secrets' values. */
  @Override
  public String toString() {
    return "TestCase[" + name + ", " + file + ", secrets " + new java.util.TreeSet<>(secrets.keySet()) + "]";
  }

  /** File name suffix of a test case. */
  public static final String SUFFIX = ".case.json";

  public boolean isHttp() {
    return http.isPresent();
  }

  /** An invocation: the event bytes and what the response (or error) must be. */
  public record Invocation(byte[] event, BodyExpectation response, Optional<ErrorExpectation> error) {}

  /** The function error a case expects; null fields are not checked. */
  public record ErrorExpectation(String errorType, String messageContains) {}

  /**
   * An HTTP request through the Function URL and what must come back.
   *
   * @param invokeMode the URL's invoke mode for this case ({@link #BUFFERED} or {@link
   *     #RESPONSE_STREAM}); empty: the run's own (the POM's {@code <functionUrl><invokeMode>})
   * @param expectStreamed empty: not checked; true: the first body bytes reached the client before
   *     the invocation ended; false: the body came only after it ended (a buffered response)
   */
  public record HttpCall(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      byte[] body,
      Optional<String> invokeMode,
      Optional<Integer> expectedStatus,
      Map<String, String> expectedHeaders,
      BodyExpectation expectedBody,
      Optional<Boolean> expectStreamed) {}

  /** A Function URL's invoke mode: the whole response once the function has ended (the default). */
  public static final String BUFFERED = UrlInvokeMode.BUFFERED;

  /** A Function URL's invoke mode: the response passed on as the function writes it. */
  public static final String RESPONSE_STREAM = UrlInvokeMode.RESPONSE_STREAM;

  /** A loopback HTTP server standing in for an upstream API, handed to the handler as {@code env}. */
  public record Upstream(String env, List<Stub> stubs, List<ExpectedRequest> expectedRequests) {}

  /** One canned upstream response; query parameters listed must be present with these values. */
  public record Stub(
      String method,
      String path,
      Map<String, String> query,
      int status,
      Map<String, String> headers,
      byte[] body) {

    /** How the stub reads in messages: {@code GET /users/octocat}. */
    public String describe() {
      StringBuilder sb = new StringBuilder(method == null ? "ANY" : method).append(' ').append(path);
      if (!query.isEmpty()) {
        sb.append('?');
        query.forEach((k, v) -> sb.append(k).append('=').append(v).append('&'));
        sb.setLength(sb.length() - 1);
      }
      return sb.toString();
    }
  }

  /**
   * A request the handler must have made to the upstream. Header expectations: a string is the
   * exact value, {@code true} means present (any value), {@code false} means absent.
   */
  public record ExpectedRequest(String method, String path, Map<String, HeaderExpectation> headers) {
    public String describe() {
      return (method == null ? "ANY" : method) + " " + path;
    }
  }

  /** What one header must be: present, absent or an exact value. */
  public record HeaderExpectation(Boolean present, String value) {
    public static HeaderExpectation exactly(String value) {
      return new HeaderExpectation(null, value);
    }

    public static HeaderExpectation present(boolean present) {
      return new HeaderExpectation(present, null);
    }

    /** Checks one header's actual value (null: absent); returns a problem or null. */
    public String check(String name, String actual) {
      if (value != null) {
        if (actual == null) {
          return "header " + name + " missing, expected '" + value + "'";
        }
        return value.equals(actual)
            ? null
            : "header " + name + " is '" + actual + "', expected '" + value + "'";
      }
      if (present && actual == null) {
        return "header " + name + " missing";
      }
      if (!present && actual != null) {
        return "header " + name + " present, expected absent";
      }
      return null;
    }
  }
}
