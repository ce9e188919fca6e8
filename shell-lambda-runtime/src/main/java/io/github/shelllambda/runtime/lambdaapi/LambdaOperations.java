package io.github.shelllambda.runtime.lambdaapi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every operation of the Lambda API (from the service model, {@code lambda-operations.txt}), so
 * that a request for one the front door does not implement is answered 501 with its name rather
 * than 404 or, worse, a wrong success.
 */
final class LambdaOperations {
  private record Operation(String name, String method, Pattern path, String requiredQuery) {}

  private static final List<Operation> ALL = load();
  private static final Set<String> PREFIXES = prefixes();

  private LambdaOperations() {}

  /** The API's date prefixes: {@code /2015-03-31/}, {@code /2018-10-31/}, {@code /2021-10-31/}, ... */
  static boolean hasApiPrefix(String rawPath) {
    int second = rawPath.indexOf('/', 1);
    return second > 0 && PREFIXES.contains(rawPath.substring(0, second + 1));
  }

  /** The name of the operation a request is for, if it is one of the API's. */
  static Optional<String> operation(String method, String rawPath, String rawQuery) {
    for (Operation o : ALL) {
      if (o.method().equals(method) && o.path().matcher(rawPath).matches()
          && (o.requiredQuery() == null || ("&" + rawQuery + "&").contains("&" + o.requiredQuery() + "&"))) {
        return Optional.of(o.name());
      }
    }
    return Optional.empty();
  }

  private static List<Operation> load() {
    List<Operation> out = new ArrayList<>();
    try (InputStream in = LambdaOperations.class.getResourceAsStream("lambda-operations.txt")) {
      if (in == null) {
        throw new IllegalStateException("lambda-operations.txt is missing from the shell-lambda-runtime jar");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.trim().split(" ");
        String uri = f[2];
        String query = null;
        int q = uri.indexOf('?');
        if (q >= 0) {
          query = uri.substring(q + 1);
          uri = uri.substring(0, q);
        }
        String regex = Pattern.quote(uri).replaceAll("\\{[A-Za-z]+\\+?}", "\\\\E[^/]+\\\\Q");
        // with and without the trailing slash the model sometimes writes
        regex = regex.endsWith("/\\E") ? regex + "?" : regex + "/?";
        out.add(new Operation(f[0], f[1], Pattern.compile(regex), query));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // the more specific (query-qualified) rows first: GetLayerVersionByArn before ListLayers
    out.sort((a, b) -> Boolean.compare(a.requiredQuery() == null, b.requiredQuery() == null));
    return List.copyOf(out);
  }

  private static Set<String> prefixes() {
    Set<String> out = new LinkedHashSet<>();
    try (InputStream in = LambdaOperations.class.getResourceAsStream("lambda-operations.txt")) {
      new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .map(l -> l.split(" ")[2])
          .forEach(uri -> out.add(uri.substring(0, uri.indexOf('/', 1) + 1)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(out);
  }
}
