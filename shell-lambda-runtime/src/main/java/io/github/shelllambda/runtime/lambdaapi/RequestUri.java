package io.github.shelllambda.runtime.lambdaapi;

import io.github.shelllambda.runtime.function.LambdaServiceException;
import io.github.shelllambda.runtime.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An operation's request URI as the Lambda service model writes it: a path template whose
 * {@code {Name}} parts are one path segment each, then optionally {@code ?key=value} query
 * parameters the request must carry ({@code /2018-10-31/layers?find=LayerVersion}). A trailing
 * slash on the request path is accepted (some SDKs send {@code /2015-03-31/functions/}).
 *
 * @param template the path part, e.g. {@code /2015-03-31/functions/{FunctionName}/invocations}
 * @param query required query parameters (name -> value)
 */
public record RequestUri(String template, Pattern path, List<String> names, Map<String, String> query) {
  private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)\\+?}");

  public static RequestUri parse(String requestUri) {
    int q = requestUri.indexOf('?');
    String template = q < 0 ? requestUri : requestUri.substring(0, q);
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("request URI '" + requestUri + "' must start with '/'");
    }
    Map<String, String> query = new LinkedHashMap<>();
    if (q >= 0) {
      for (String pair : requestUri.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        query.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
      }
    }
    List<String> names = new ArrayList<>();
    StringBuilder regex = new StringBuilder();
    Matcher m = PARAMETER.matcher(template);
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
      names.add(m.group(1));
      last = m.end();
    }
    String rest = template.substring(last);
    if (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    if (!rest.isEmpty()) {
      regex.append(Pattern.quote(rest));
    }
    regex.append("/?");
    return new RequestUri(template, Pattern.compile(regex.toString()), List.copyOf(names), Map.copyOf(query));
  }

  /** The decoded path parameters when {@code rawPath} and the request's query fit this URI. */
  public Optional<Map<String, String>> match(String rawPath, HttpRequest r) {
    Matcher m = path.matcher(rawPath);
    if (!m.matches()) {
      return Optional.empty();
    }
    for (Map.Entry<String, String> e : query.entrySet()) {
      if (!LambdaApi.queryParameter(r, e.getKey()).map(v -> v.equals(e.getValue())).orElse(false)) {
        return Optional.empty();
      }
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      try {
        params.put(names.get(i), LambdaApi.decodePathSegment(m.group(i + 1)));
      } catch (IllegalArgumentException e) {
        throw new LambdaServiceException(
            400, "InvalidParameterValueException",
            "path parameter " + names.get(i) + " '" + m.group(i + 1) + "' is not valid percent-encoding: " + e.getMessage());
      }
    }
    return Optional.of(params);
  }
}
