package io.github.shelllambda.plugin.localtest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.shelllambda.plugin.localtest.TestCase.ExpectedRequest;
import io.github.shelllambda.plugin.localtest.TestCase.Stub;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An upstream API stand-in on 127.0.0.1: answers requests from a case's stubs (first match wins),
 * records every request, and answers 501 with "no stub matched" when none fits, which fails the
 * case.
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

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Stub> stubs;
  private final List<RecordedRequest> recorded = Collections.synchronizedList(new ArrayList<>());

  private StubServer(List<Stub> stubs) throws IOException {
    this.stubs = List.copyOf(stubs);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    this.executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "shell-lambda-stub");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Starts serving the stubs on an ephemeral loopback port. */
  public static StubServer start(List<Stub> stubs) throws IOException {
    StubServer s = new StubServer(stubs);
    s.server.start();
    return s;
  }

  /** {@code http://127.0.0.1:PORT}, without a trailing slash: what the handler's variable gets. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
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

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
      String path = ex.getRequestURI().getRawPath();
      Map<String, String> query = parseQuery(ex.getRequestURI().getRawQuery());
      Map<String, String> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      Stub stub = find(method, path, query);
      recorded.add(new RecordedRequest(method, path, query, headers, body, stub != null));
      if (stub == null) {
        byte[] msg = ("shell-lambda: no stub matched " + method + " " + path
            + (query.isEmpty() ? "" : "?" + ex.getRequestURI().getRawQuery())
            + "; stubs: " + describeStubs() + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("content-type", "text/plain; charset=utf-8");
        send(ex, 501, msg, method);
        return;
      }
      stub.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      send(ex, stub.status(), stub.body(), method);
    }
  }

  private static void send(HttpExchange ex, int status, byte[] body, String method) throws IOException {
    boolean noBody = method.equals("HEAD") || status == 204 || status == 304;
    ex.sendResponseHeaders(status, noBody ? -1 : (body.length == 0 ? -1 : body.length));
    if (!noBody && body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
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
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
