package io.github.shelllambda.runtime.lambdaapi;

import io.github.shelllambda.runtime.http.HttpRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every operation of the Lambda API with its HTTP binding, from the service model (resource
 * {@value #RESOURCE}), so that a request for an operation the local front door does not implement
 * is answered naming it.
 */
final class KnownOperations {
  static final String RESOURCE = "META-INF/shell-lambda/lambda-operations.txt";

  record Operation(String name, String method, String requestUri, RequestUri uri) {}

  private static final List<Operation> ALL = load();

  private KnownOperations() {}

  static List<Operation> all() {
    return ALL;
  }

  /** The dated path prefixes ({@code /2015-03-31/}) of all operations, in the table's order. */
  static List<String> prefixes() {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    for (Operation op : ALL) {
      String t = op.uri().template();
      out.add(t.substring(0, t.indexOf('/', 1) + 1));
    }
    return List.copyOf(out);
  }

  /** The operation the service model binds to this method and path, if any. */
  static Optional<Operation> find(String method, String rawPath, HttpRequest r) {
    for (Operation op : ALL) {
      if (op.method().equals(method) && op.uri().match(rawPath, r).isPresent()) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }

  private static List<Operation> load() {
    List<Operation> ops = new ArrayList<>();
    try (InputStream in = KnownOperations.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the shell-lambda-runtime jar");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\\s+");
        if (f.length != 3) {
          throw new IllegalStateException(RESOURCE + ": line '" + line + "' is not 'Name METHOD /request/uri'");
        }
        ops.add(new Operation(f[0], f[1], f[2], RequestUri.parse(f[2])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    // an operation that needs a query parameter is matched before the plain one on the same path
    ops.sort(Comparator.comparingInt((Operation o) -> -o.uri().query().size()));
    return List.copyOf(ops);
  }
}
