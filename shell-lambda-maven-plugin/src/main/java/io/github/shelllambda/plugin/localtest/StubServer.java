package io.github.shelllambda.plugin.localtest;

import io.github.shelllambda.plugin.localtest.TestCase.ExpectedRequest;
import io.github.shelllambda.plugin.localtest.TestCase.Stub;
import io.github.shelllambda.runtime.http.HttpRequest;
import io.github.shelllambda.runtime.http.HttpResponse;
import io.github.shelllambda.runtime.http.HttpServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An upstream API stand-in on 127.0.0.1: answers requests from a case's stubs (first match wins),
 * records every request, and answers 501 with "no stub matched" when none fits, which fails the
 * case. Served by the embedded runtime's loopback HTTP server (Nagle off: no 40 ms stall per
 * upstream call, which the JDK's server would add).
 */
public final class StubServer implements AutoCloseable {

  /** A request the handler made, as the stub server saw it. */
  public record RecordedRequest(
      String method, String path, Map<String, String> query, Map<String, String> headers,
      byte[] body, boolean matched) {

    /** Header value by case-insensitive name, or null. */
    public String header(String name) {
      for (Map.Entry<String, String> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue();
        }
      }
      return null;
    }

    public String describe() {
      StringBuilder sb = new StringBuilder(method).append(' ').append(path);
      if (!query.isEmpty()) {
        sb.append('?');
        query.forEach((k, v) -> sb.append(k).append('=').append(v).append('&'));
        sb.setLength(sb.length() - 1);
      }
      return sb.toString();
    }
  }

  /** Longest request body a stub accepts: an upstream call, not an upload. */
  private static final long MAX_BODY = 16L * 1024 * 1024;

  private final List<Stub> stubs;
  private final List<RecordedRequest> recorded = Collections.synchronizedList(new ArrayList<>());
  private final HttpServer server;

  private StubServer(List<Stub> stubs) throws IOException {
    this.stubs = List.copyOf(stubs);
    this.server = HttpServer.start(0, "shell-lambda-stub", MAX_BODY, this::handle);
  }

  /** Starts serving the stubs on an ephemeral loopback port. */
  public static StubServer start(List<Stub> stubs) throws IOException {
    return new StubServer(stubs);
  }

  /** {@code http://127.0.0.1:PORT}, without a trailing slash: what the handler's variable gets. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  public List<RecordedRequest> recorded() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  /** Forgets the requests recorded so far (between invocations sharing one server). */
  public void clear() {
    recorded.clear();
  }

  /**
   * What is wrong with the requests recorded so far: unmatched ones, and expected requests the
   * handler did not make (or made with the wrong headers). Empty when all is well.
   */
  public List<String> problems(List<ExpectedRequest> expected) {
    List<String> problems = new ArrayList<>();
    List<RecordedRequest> seen = recorded();
    for (RecordedRequest r : seen) {
      if (!r.matched()) {
        problems.add("upstream request " + r.describe() + " matched no stub (it got a 501); add a stub for it"
            + " or fix the handler. Stubs: " + describeStubs());
      }
    }
    for (ExpectedRequest e : expected) {
      List<RecordedRequest> candidates = seen.stream()
          .filter(r -> r.path().equals(e.path()) && (e.method() == null || e.method().equals(r.method())))
          .toList();
      if (candidates.isEmpty()) {
        problems.add("expected upstream request " + e.describe() + " was not made; requests made: "
            + (seen.isEmpty() ? "none" : String.join(", ", seen.stream().map(RecordedRequest::describe).toList())));
        continue;
      }
      List<String> headerProblems = new ArrayList<>();
      boolean ok = false;
      for (RecordedRequest r : candidates) {
        List<String> ps = new ArrayList<>();
        e.headers().forEach((name, he) -> {
          String p = he.check(name, r.header(name));
          if (p != null) {
            ps.add(p);
          }
        });
        if (ps.isEmpty()) {
          ok = true;
          break;
        }
        headerProblems = ps;
      }
      if (!ok) {
        problems.add("upstream request " + e.describe() + ": " + String.join("; ", headerProblems));
      }
    }
    return problems;
  }

  String describeStubs() {
    return String.join(", ", stubs.stream().map(Stub::describe).toList());
  }

  private HttpResponse handle(HttpRequest req) {
    String method = req.method().toUpperCase(Locale.ROOT);
    String path = req.rawPath();
    Map<String, String> query = parseQuery(req.rawQuery());
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> f : req.headers().fields()) {
      headers.merge(f.getKey().toLowerCase(Locale.ROOT), f.getValue(), (a, b) -> a + "," + b);
    }
    Stub stub = find(method, path, query);
    recorded.add(new RecordedRequest(method, path, query, headers, req.body(), stub != null));
    if (stub == null) {
      byte[] msg = ("shell-lambda: no stub matched " + method + " " + path
          + (query.isEmpty() ? "" : "?" + req.rawQuery())
          + "; stubs: " + describeStubs() + "\n").getBytes(StandardCharsets.UTF_8);
      return new HttpResponse(501, msg).header("content-type", "text/plain; charset=utf-8");
    }
    HttpResponse response = new HttpResponse(stub.status(), stub.body());
    stub.headers().forEach(response::header);
    return response;
  }

  private Stub find(String method, String path, Map<String, String> query) {
    for (Stub s : stubs) {
      if (s.method() != null && !s.method().equals(method)) {
        continue;
      }
      if (!s.path().equals(path) && !s.path().equals(decode(path))) {
        continue;
      }
      boolean q = s.query().entrySet().stream().allMatch(e -> e.getValue().equals(query.get(e.getKey())));
      if (q) {
        return s;
      }
    }
    return null;
  }

  static Map<String, String> parseQuery(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String part : raw.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String k = eq < 0 ? part : part.substring(0, eq);
      String v = eq < 0 ? "" : part.substring(eq + 1);
      out.put(decode(k), decode(v));
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
