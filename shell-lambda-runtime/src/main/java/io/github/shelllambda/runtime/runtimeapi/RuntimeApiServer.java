package io.github.shelllambda.runtime.runtimeapi;

import io.github.shelllambda.runtime.http.HttpRequest;
import io.github.shelllambda.runtime.http.HttpResponse;
import io.github.shelllambda.runtime.http.HttpServer;
import io.github.shelllambda.runtime.http.StreamingRequestHandler;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Lambda Runtime API (2018-06-01) for one runtime process: 127.0.0.1, ephemeral port. A fresh
 * server is started for every bootstrap process, so nothing a killed process left behind (a
 * waiting {@code /next}) can take the next invocation.
 *
 * <p>State machine, as Lambda enforces it: {@code /init/error} only before the first {@code /next};
 * {@code /next} not while an invocation is outstanding (403); a response or error only for the
 * outstanding request id (400 for an id never issued, 403 for one already answered); a response
 * over {@value #MAX_RESPONSE_BYTES} bytes gets 413 {@code RequestEntityTooLarge}.
 */
public final class RuntimeApiServer implements Closeable {
  /** Lambda's limit on a runtime's response (a little over 6 MiB: 6,291,556 bytes). */
  public static final int MAX_RESPONSE_BYTES = 6_291_556;

  private static final String PREFIX = "/2018-06-01/runtime/";

  /** Receives what the runtime does; called on connection threads before the HTTP answer is written. */
  public interface Listener {
    /** The runtime called {@code /next} and is waiting: the first call ends init. */
    void ready();

    /** An invocation was handed to the runtime. */
    void delivered(String requestId);

    void response(String requestId, byte[] body);

    void error(String requestId, String errorType, byte[] body);

    void responseTooLarge(String requestId, long declaredBytes);

    void initError(String errorType, byte[] body);

    /**
     * A streamed response ({@code Lambda-Runtime-Function-Response-Mode: streaming}): {@code body}
     * is read to its end here, as it arrives; then {@code trailers} holds the runtime's error
     * trailers, if any. The default collects it for a buffered caller, as Lambda does: up to
     * {@value #MAX_RESPONSE_BYTES} bytes, then {@link #response}, or {@link #error} when the
     * trailers name an error.
     */
    default void responseStream(String requestId, String contentType, InputStream body,
        Supplier<Map<String, String>> trailers) throws IOException {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buf = new byte[16384];
      long total = 0;
      for (int n; (n = body.read(buf)) >= 0; ) {
        total += n;
        if (total <= MAX_RESPONSE_BYTES) {
          all.write(buf, 0, n);
        }
      }
      if (total > MAX_RESPONSE_BYTES) {
        responseTooLarge(requestId, total);
        return;
      }
      String[] error = streamError(trailers.get());
      if (error != null) {
        error(requestId, error[0], error[1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
      } else {
        response(requestId, all.toByteArray());
      }
    }
  }

  /** Lambda's limit on a streamed response (200 MiB). */
  public static final long MAX_STREAMED_RESPONSE_BYTES = 200L * 1024 * 1024;

  /**
   * The error a streamed response's trailers report: {type, body} ({@code
   * Lambda-Runtime-Function-Error-Body} base64-decoded; kept as sent when it is not base64), or
   * null when none.
   */
  public static String[] streamError(Map<String, String> trailers) {
    String type = null;
    String body = "";
    for (Map.Entry<String, String> e : trailers.entrySet()) {
      if (e.getKey().equalsIgnoreCase("Lambda-Runtime-Function-Error-Type")) {
        type = e.getValue();
      } else if (e.getKey().equalsIgnoreCase("Lambda-Runtime-Function-Error-Body")) {
        try {
          body = new String(Base64.getDecoder().decode(e.getValue().trim()), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
          body = e.getValue();
        }
      }
    }
    return type == null || type.isBlank() ? null : new String[] {type, body};
  }

  /** What {@code /next} hands over. Client context and cognito identity are JSON, or null. */
  public record Delivery(
      String requestId,
      long deadlineMs,
      String invokedFunctionArn,
      String traceId,
      String clientContext,
      String cognitoIdentity,
      byte[] payload) {}

  private enum State {
    STARTED,
    WAITING,
    INVOKING,
    RESPONDED
  }

  private final Listener listener;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Set<String> issued = new LinkedHashSet<>();
  private State state = State.STARTED;
  private String current;
  private Delivery pending;
  private boolean closed;
  private final HttpServer http;

  private RuntimeApiServer(Listener listener, String name) throws IOException {
    this.listener = listener;
    this.http = HttpServer.start(HttpServer.Settings.of(0, name, MAX_RESPONSE_BYTES), this::handle, new Streamed());
  }

  public static RuntimeApiServer start(Listener listener, String threadName) throws IOException {
    return new RuntimeApiServer(listener, threadName);
  }

  /** The value of {@code AWS_LAMBDA_RUNTIME_API}: {@code 127.0.0.1:port}. */
  public String address() {
    return "127.0.0.1:" + http.port();
  }

  /** Makes an invocation available to the runtime's (current or next) {@code /next}. */
  public void deliver(Delivery d) {
    lock.lock();
    try {
      if (pending != null) {
        throw new IllegalStateException("an invocation is already waiting for this runtime");
      }
      pending = d;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private HttpResponse handle(HttpRequest r) throws InterruptedException {
    String path = r.rawPath();
    if (!path.startsWith(PREFIX)) {
      return notFound(path);
    }
    String rest = path.substring(PREFIX.length());
    if (rest.equals("invocation/next") && r.method().equals("GET")) {
      return next();
    }
    if (rest.equals("init/error") && r.method().equals("POST")) {
      return initError(r);
    }
    if (rest.startsWith("invocation/") && r.method().equals("POST")) {
      String tail = rest.substring("invocation/".length());
      int slash = tail.lastIndexOf('/');
      if (slash > 0) {
        String id = tail.substring(0, slash);
        String what = tail.substring(slash + 1);
        if (what.equals("response") || what.equals("error")) {
          return answer(r, id, what.equals("error"));
        }
      }
    }
    return notFound(path);
  }

  private HttpResponse next() throws InterruptedException {
    Delivery d;
    lock.lock();
    try {
      if (state == State.INVOKING) {
        return forbidden("GET /next while invocation " + current + " has no response or error yet");
      }
      state = State.WAITING;
    } finally {
      lock.unlock();
    }
    listener.ready();
    lock.lock();
    try {
      while (pending == null && !closed) {
        changed.await();
      }
      if (closed) {
        return null;
      }
      d = pending;
      pending = null;
      state = State.INVOKING;
      current = d.requestId();
      issued.add(current);
      if (issued.size() > 10_000) {
        issued.remove(issued.iterator().next());
      }
    } finally {
      lock.unlock();
    }
    HttpResponse resp =
        new HttpResponse(200, d.payload())
            .header("Content-Type", "application/json")
            .header("Lambda-Runtime-Aws-Request-Id", d.requestId())
            .header("Lambda-Runtime-Deadline-Ms", Long.toString(d.deadlineMs()))
            .header("Lambda-Runtime-Invoked-Function-Arn", d.invokedFunctionArn())
            .header("Lambda-Runtime-Trace-Id", d.traceId());
    if (d.clientContext() != null) {
      resp.header("Lambda-Runtime-Client-Context", d.clientContext());
    }
    if (d.cognitoIdentity() != null) {
      resp.header("Lambda-Runtime-Cognito-Identity", d.cognitoIdentity());
    }
    listener.delivered(d.requestId());
    return resp;
  }

  /** Streamed responses: {@code POST invocation/{id}/response} with the streaming response mode. */
  private final class Streamed implements StreamingRequestHandler {
    @Override
    public boolean accepts(HttpRequest r) {
      return r.method().equals("POST") && responseId(r.rawPath()) != null
          && r.headers().first("Lambda-Runtime-Function-Response-Mode").map(v -> v.trim().equalsIgnoreCase("streaming")).orElse(false);
    }

    @Override
    public HttpResponse handle(HttpRequest r, InputStream body, Supplier<Map<String, String>> trailers) throws IOException {
      String id = responseId(r.rawPath());
      HttpResponse refused = claim(id);
      if (refused != null) {
        return refused.closeConnection(); // the body is not read
      }
      listener.responseStream(id, r.headers().first("Content-Type").orElse(null), body, trailers);
      return HttpResponse.json(202, "{\"status\":\"OK\"}");
    }
  }

  /** The request id of {@code .../invocation/{id}/response}, or null. */
  private static String responseId(String path) {
    String p = PREFIX + "invocation/";
    if (!path.startsWith(p) || !path.endsWith("/response")) {
      return null;
    }
    String id = path.substring(p.length(), path.length() - "/response".length());
    return id.isEmpty() || id.contains("/") ? null : id;
  }

  /** Takes the answer of invocation {@code id}: null, or the refusal when it cannot be answered now. */
  private HttpResponse claim(String id) {
    lock.lock();
    try {
      if (!issued.contains(id)) {
        return HttpResponse.json(
            400, "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
      }
      if (state != State.INVOKING || !id.equals(current)) {
        return forbidden("invocation " + id + " was already answered");
      }
      state = State.RESPONDED;
      return null;
    } finally {
      lock.unlock();
    }
  }

  private HttpResponse answer(HttpRequest r, String id, boolean error) {
    HttpResponse refused = claim(id);
    if (refused != null) {
      return refused;
    }
    if (r.bodyTooLarge()) {
      long declared = r.headers().first("Content-Length").map(Long::parseLong).orElse(-1L);
      listener.responseTooLarge(id, declared);
      return HttpResponse.json(
          413,
          "{\"errorMessage\":\"Exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES
              + " bytes).\",\"errorType\":\"RequestEntityTooLarge\"}");
    }
    if (error) {
      listener.error(id, r.headers().first("Lambda-Runtime-Function-Error-Type").orElse(null), r.body());
    } else {
      listener.response(id, r.body());
    }
    return HttpResponse.json(202, "{\"status\":\"OK\"}");
  }

  private HttpResponse initError(HttpRequest r) {
    lock.lock();
    try {
      if (state != State.STARTED) {
        return forbidden("POST /init/error after init completed");
      }
      state = State.RESPONDED;
    } finally {
      lock.unlock();
    }
    listener.initError(r.headers().first("Lambda-Runtime-Function-Error-Type").orElse(null), r.body());
    return HttpResponse.json(202, "{\"status\":\"OK\"}");
  }

  private static HttpResponse forbidden(String why) {
    return HttpResponse.json(
        403,
        "{\"errorMessage\":\"State transition is not allowed: " + HttpServer.jsonEscape(why)
            + "\",\"errorType\":\"InvalidStateTransition\"}");
  }

  private static HttpResponse notFound(String path) {
    return HttpResponse.json(
        404,
        "{\"errorMessage\":\"no Runtime API route " + HttpServer.jsonEscape(path)
            + "\",\"errorType\":\"NotFound\"}");
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    http.close();
  }
}
