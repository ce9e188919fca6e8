package io.github.shelllambda.runtime.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback Lambda Runtime API ("2018-06-01") for testing the native bootstrap: it serves queued
 * invocations on {@code GET /next} with a Content-Length or a chunked body, records what the
 * bootstrap posts back, and misbehaves on purpose when an invocation asks for it. Plain JDK, so
 * the benchmark can run it from {@code target/test-classes} alone.
 */
public final class RuntimeApiTestServer implements Closeable {

  /** How the {@code /next} body is framed. */
  public enum Framing {
    CONTENT_LENGTH,
    CHUNKED
  }

  /** Deliberate faults, one per invocation. */
  public enum Fault {
    NONE,
    /** Answer {@code /next} with 500 (the bootstrap must exit). */
    NEXT_500,
    /** Close the connection without answering {@code /next}; the invocation is served again on the next GET. */
    CLOSE_BEFORE_ANSWER,
    /** Send the head and half the body, then close; the invocation is lost (as if the platform dropped it). */
    CLOSE_MID_BODY,
    /** Answer with {@code Connection: close} and close the connection after the answer. */
    CLOSE_AFTER_ANSWER,
    /** Send the answer a few bytes at a time with pauses. */
    SLOW,
    /** Refuse the response POST with 413, as Lambda does for responses over 6,291,556 bytes. */
    RESPONSE_413,
    /** Answer the response POST with 500. */
    RESPONSE_500
  }

  /** What the bootstrap posted for one invocation (or for init, with requestId "init"). */
  public record Result(String requestId, String kind, byte[] body, Map<String, String> headers, int answeredStatus) {
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public String errorType() {
      return headers.get("lambda-runtime-function-error-type");
    }
  }

  /**
   * What arrived of a streamed response ({@code Transfer-Encoding: chunked} on {@code /response}):
   * every chunk's arrival, the trailers, the length and SHA-256 of the whole body (kept whole in
   * the {@link Result} only up to {@link #KEPT} bytes, so 100 MB streams cost the test no memory).
   */
  public static final class Stream {
    public static final int KEPT = 16 << 20;
    /** Completes with the first chunk's bytes as soon as it arrived. */
    public final CompletableFuture<byte[]> firstChunk = new CompletableFuture<>();
    private final List<Long> chunkNanos = Collections.synchronizedList(new ArrayList<>());
    private final java.security.MessageDigest sha256;
    private volatile Map<String, String> trailers = Map.of();
    private volatile long length;
    private volatile String digest;

    Stream() {
      try {
        sha256 = java.security.MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    /** {@link System#nanoTime()} of each chunk's arrival, in order. */
    public List<Long> chunkNanos() {
      synchronized (chunkNanos) {
        return List.copyOf(chunkNanos);
      }
    }

    /** The trailers, names in lower case (empty when none). */
    public Map<String, String> trailers() {
      return trailers;
    }

    public long length() {
      return length;
    }

    /** Hex SHA-256 of the whole body, once it ended. */
    public String sha256() {
      return digest;
    }
  }

  /** A request the bootstrap made, in order (method and path). */
  public record Request(String method, String path, int connection) {}

  private record Invocation(String requestId, byte[] event, Map<String, String> headers, Framing framing, Fault fault) {}

  private final ServerSocket server;
  private final BlockingDeque<Invocation> pending = new LinkedBlockingDeque<>();
  private final Map<String, CompletableFuture<Result>> results = new ConcurrentHashMap<>();
  /** Stands in for an answered invocation's future: a second answer is accepted and ignored, as before. */
  private static final CompletableFuture<Result> ANSWERED =
      CompletableFuture.completedFuture(new Result("answered", "answered", new byte[0], Map.of(), 202));
  private final Map<String, Fault> postFaults = new ConcurrentHashMap<>();
  private final Map<String, Stream> streams = new ConcurrentHashMap<>();
  private final CompletableFuture<Result> initError = new CompletableFuture<>();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger ids = new AtomicInteger();
  private final Random random = new Random(42);
  private final AtomicInteger waiting = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong firstNext = new java.util.concurrent.atomic.AtomicLong();
  private volatile boolean shuttingDown;
  private volatile boolean closed;
  private final boolean nagle;

  public RuntimeApiTestServer() throws IOException {
    this(false);
  }

  /**
   * With {@code nagle}, the server behaves like many HTTP servers do by default: no TCP_NODELAY,
   * and the head and the body of each {@code /next} answer (Content-Length framing, no fault)
   * written as two segments. A client that
   * delays its ACK of the head then waits for the body until its delayed-ACK timer fires (~40 ms
   * on Linux), once per invocation.
   */
  public RuntimeApiTestServer(boolean nagle) throws IOException {
    this.nagle = nagle;
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    Thread t = new Thread(this::acceptLoop, "runtime-api-accept");
    t.setDaemon(true);
    t.start();
  }

  /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
  public String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** Queues an invocation with the default context headers; returns the future of its result. */
  public CompletableFuture<Result> invoke(byte[] event, Framing framing, Fault fault) {
    String id = "req-" + ids.incrementAndGet() + "-" + Long.toHexString(random.nextLong());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 300_000));
    headers.put("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:test");
    headers.put("Lambda-Runtime-Trace-Id", "Root=1-5e1b4151-5ac6c58f5e1b4151;Parent=1;Sampled=1");
    return invoke(id, event, headers, framing, fault);
  }

  public CompletableFuture<Result> invoke(byte[] event, Framing framing) {
    return invoke(event, framing, Fault.NONE);
  }

  /** Queues an invocation with exactly these context headers (besides the request id). */
  public CompletableFuture<Result> invoke(
      String requestId, byte[] event, Map<String, String> headers, Framing framing, Fault fault) {
    CompletableFuture<Result> f = new CompletableFuture<>();
    results.put(requestId, f);
    if (fault == Fault.RESPONSE_413 || fault == Fault.RESPONSE_500) {
      postFaults.put(requestId, fault);
    }
    pending.add(new Invocation(requestId, event, headers, framing, fault));
    return f;
  }

  /** The streamed response of this invocation (what has arrived so far). */
  public Stream stream(String requestId) {
    return streams.computeIfAbsent(requestId, k -> new Stream());
  }

  /** Completes once the bootstrap posted to {@code /init/error}. */
  public CompletableFuture<Result> initError() {
    return initError;
  }

  /** Every request so far, in arrival order. */
  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Waits until a {@code GET /next} is parked with nothing to serve: the bootstrap is idle. */
  public void awaitIdle() throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (waiting.get() == 0 || !pending.isEmpty()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("the bootstrap did not come back to GET /next within 30 s");
      }
      Thread.sleep(2);
    }
  }

  /** {@link System#nanoTime()} when the first {@code GET /next} arrived, 0 before (for the benchmark). */
  public long firstNextNanos() {
    return firstNext.get();
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** Closes every connection accepted so far (as a server timing out idle connections would); keeps listening. */
  public void closeConnections() {
    synchronized (sockets) {
      for (Socket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
      sockets.clear();
    }
  }

  /** From now on {@code /next} answers 500, which tells the bootstrap to exit (cleanly, so sanitizers report). */
  public void shutDown() {
    shuttingDown = true;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    shuttingDown = true;
    server.close();
    synchronized (sockets) {
      for (Socket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        int n = connections.incrementAndGet();
        sockets.add(s);
        Thread t = new Thread(() -> serve(s, n), "runtime-api-conn-" + n);
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s, int connection) {
    try (s) {
      s.setTcpNoDelay(!nagle);
      InputStream in = new java.io.BufferedInputStream(s.getInputStream(), 65536);
      OutputStream out = s.getOutputStream();
      while (!closed) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        String[] lines = head.split("\r\n");
        String[] start = lines[0].split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
          int c = lines[i].indexOf(':');
          headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
          requests.add(new Request(start[0], start[1], connection));
          if (!streamed(in, out, start[1], headers)) {
            return;
          }
          continue;
        }
        // one array of the announced size, filled straight from the socket (readNBytes(int) would
        // collect 8 KiB pieces and copy them again): the benchmark measures the bootstrap, not us
        byte[] body = new byte[Integer.parseInt(headers.getOrDefault("content-length", "0"))];
        if (in.readNBytes(body, 0, body.length) < body.length) {
          return;
        }
        requests.add(new Request(start[0], start[1], connection));
        boolean keep;
        if (start[0].equals("GET") && start[1].equals("/2018-06-01/runtime/invocation/next")) {
          firstNext.compareAndSet(0, System.nanoTime());
          keep = next(s, out);
        } else if (start[0].equals("POST")) {
          keep = post(out, start[1], headers, body);
        } else {
          answer(out, 404, "{\"message\":\"not found\"}".getBytes(StandardCharsets.UTF_8), false);
          keep = true;
        }
        if (!keep) {
          return;
        }
      }
    } catch (IOException | InterruptedException e) {
      // the bootstrap went away: nothing to serve
    }
  }

  private boolean next(Socket s, OutputStream out) throws IOException, InterruptedException {
    Invocation inv = pending.poll();
    if (inv == null) {
      waiting.incrementAndGet();
      try {
        while (inv == null) {
          if (shuttingDown) {
            answer(out, 500, "{\"message\":\"shutting down\"}".getBytes(StandardCharsets.UTF_8), true);
            return false;
          }
          inv = pending.poll(20, TimeUnit.MILLISECONDS);
        }
      } finally {
        waiting.decrementAndGet();
      }
    }
    switch (inv.fault()) {
      case NEXT_500 -> {
        answer(out, 500, "{\"message\":\"boom\"}".getBytes(StandardCharsets.UTF_8), false);
        return true;
      }
      case CLOSE_BEFORE_ANSWER -> {
        // served again to the next GET, this time without the fault
        pending.addFirst(new Invocation(inv.requestId(), inv.event(), inv.headers(), inv.framing(), Fault.NONE));
        s.setSoLinger(true, 0);
        return false;
      }
      default -> {}
    }
    ByteArrayOutputStream msg = new ByteArrayOutputStream();
    StringBuilder h = new StringBuilder("HTTP/1.1 200 OK\r\n");
    // header names in varying case: the bootstrap must not care
    int style = ids.get() % 3;
    h.append(caseOf("Lambda-Runtime-Aws-Request-Id", style)).append(": ").append(inv.requestId()).append("\r\n");
    for (Map.Entry<String, String> e : inv.headers().entrySet()) {
      h.append(caseOf(e.getKey(), style)).append(": ").append(e.getValue()).append("\r\n");
    }
    h.append("Content-Type: application/json\r\n");
    if (inv.fault() == Fault.CLOSE_AFTER_ANSWER) {
      h.append("Connection: close\r\n");
    }
    byte[] ev = inv.event();
    if (inv.framing() == Framing.CHUNKED) {
      h.append(style == 1 ? "transfer-encoding: chunked\r\n\r\n" : "Transfer-Encoding: chunked\r\n\r\n");
      msg.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
      int off = 0;
      while (off < ev.length) {
        int n = Math.min(ev.length - off, 1 + random.nextInt(random.nextBoolean() ? 100 : 40_000));
        String size = Integer.toHexString(n);
        msg.write((random.nextInt(4) == 0 ? size.toUpperCase(Locale.ROOT) + ";ext=1" : size).getBytes(StandardCharsets.ISO_8859_1));
        msg.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        msg.write(ev, off, n);
        msg.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        off += n;
      }
      msg.write((random.nextBoolean() ? "0\r\nX-Trailer: t\r\n\r\n" : "0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    } else {
      h.append("Content-Length: ").append(ev.length).append("\r\n\r\n");
      msg.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (inv.fault() == Fault.NONE || inv.fault() == Fault.RESPONSE_413 || inv.fault() == Fault.RESPONSE_500) {
        // the common case without a copy of the event: the benchmark measures the bootstrap, not us
        out.write(msg.toByteArray());
        if (nagle) {
          out.flush(); // the head as a segment of its own; Nagle holds the body until it is ACKed
        }
        out.write(ev);
        out.flush();
        return true;
      }
      msg.write(ev);
    }
    byte[] bytes = msg.toByteArray();
    if (inv.fault() == Fault.CLOSE_MID_BODY) {
      int headLen = h.length();
      out.write(bytes, 0, headLen + (bytes.length - headLen) / 2);
      out.flush();
      s.setSoLinger(true, 0);
      results.get(inv.requestId()).complete(new Result(inv.requestId(), "dropped", new byte[0], Map.of(), 0));
      return false;
    }
    if (inv.fault() == Fault.SLOW) {
      for (int off = 0; off < bytes.length; off += 7) {
        out.write(bytes, off, Math.min(7, bytes.length - off));
        out.flush();
        Thread.sleep(1);
      }
    } else {
      out.write(bytes);
      out.flush();
    }
    return inv.fault() != Fault.CLOSE_AFTER_ANSWER;
  }

  private static String caseOf(String name, int style) {
    return switch (style) {
      case 1 -> name.toLowerCase(Locale.ROOT);
      case 2 -> name.toUpperCase(Locale.ROOT);
      default -> name;
    };
  }

  private boolean post(OutputStream out, String path, Map<String, String> headers, byte[] body) throws IOException {
    String prefix = "/2018-06-01/runtime/invocation/";
    if (path.equals("/2018-06-01/runtime/init/error")) {
      initError.complete(new Result("init", "init-error", body, headers, 202));
      answer(out, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8), false);
      return true;
    }
    if (path.startsWith(prefix)) {
      String rest = path.substring(prefix.length());
      int slash = rest.lastIndexOf('/');
      String id = java.net.URLDecoder.decode(rest.substring(0, slash), StandardCharsets.UTF_8);
      String kind = rest.substring(slash + 1);
      CompletableFuture<Result> f = results.get(id);
      if (f != null && (kind.equals("response") || kind.equals("error"))) {
        Fault fault = kind.equals("response") ? postFaults.getOrDefault(id, Fault.NONE) : Fault.NONE;
        int status = fault == Fault.RESPONSE_413 ? 413 : fault == Fault.RESPONSE_500 ? 500 : 202;
        f.complete(new Result(id, kind, body, headers, status));
        // the caller holds the future: the server need not keep every answered body (megabytes
        // each in the benchmark) alive until it is closed
        results.replace(id, f, ANSWERED);
        answer(out, status, status == 202 ? "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8)
            : "{\"errorMessage\":\"refused\",\"errorType\":\"RequestEntityTooLarge\"}".getBytes(StandardCharsets.UTF_8), false);
        return true;
      }
    }
    answer(out, 404, "{\"message\":\"unknown path\"}".getBytes(StandardCharsets.UTF_8), false);
    return true;
  }

  /** A chunked request: each chunk recorded as it arrives, trailers kept; false when the peer went away. */
  private boolean streamed(InputStream in, OutputStream out, String path, Map<String, String> headers) throws IOException {
    String prefix = "/2018-06-01/runtime/invocation/";
    String id = null;
    String kind = "";
    if (path.startsWith(prefix)) {
      String rest = path.substring(prefix.length());
      int slash = rest.lastIndexOf('/');
      id = java.net.URLDecoder.decode(rest.substring(0, slash), StandardCharsets.UTF_8);
      kind = rest.substring(slash + 1);
    }
    Stream st = id == null ? new Stream() : stream(id);
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    long total = 0;
    for (;;) {
      String line = readLine(in);
      if (line == null) {
        return false;
      }
      int semi = line.indexOf(';');
      int size = Integer.parseInt((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
      if (size == 0) {
        break;
      }
      byte[] chunk = in.readNBytes(size);
      if (chunk.length < size || !"".equals(readLine(in))) {
        return false;
      }
      st.chunkNanos.add(System.nanoTime());
      st.firstChunk.complete(chunk);
      st.sha256.update(chunk);
      total += size;
      st.length = total;
      if (total <= Stream.KEPT) {
        kept.write(chunk);
      }
    }
    Map<String, String> trailers = new LinkedHashMap<>();
    for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
      int c = line.indexOf(':');
      trailers.put(line.substring(0, c).trim().toLowerCase(Locale.ROOT), line.substring(c + 1).trim());
    }
    st.trailers = Map.copyOf(trailers);
    st.digest = java.util.HexFormat.of().formatHex(st.sha256.digest());
    byte[] body = total <= Stream.KEPT ? kept.toByteArray() : new byte[0];
    CompletableFuture<Result> f = id == null ? null : results.get(id);
    if (f != null && kind.equals("response")) {
      f.complete(new Result(id, "response", body, headers, 202));
      results.replace(id, f, ANSWERED);
      answer(out, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8), false);
    } else if (f != null && kind.equals("error")) {
      f.complete(new Result(id, "error", body, headers, 202));
      results.replace(id, f, ANSWERED);
      answer(out, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8), false);
    } else {
      answer(out, 404, "{\"message\":\"unknown path\"}".getBytes(StandardCharsets.UTF_8), false);
    }
    return true;
  }

  /** One CRLF-terminated line without its CRLF, or null at end of stream. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (;;) {
      int c = in.read();
      if (c < 0) {
        return null;
      }
      if (c == '\n') {
        byte[] a = b.toByteArray();
        int n = a.length > 0 && a[a.length - 1] == '\r' ? a.length - 1 : a.length;
        return new String(a, 0, n, StandardCharsets.ISO_8859_1);
      }
      b.write(c);
    }
  }

  private static void answer(OutputStream out, int status, byte[] body, boolean close) throws IOException {
    String head = "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
        + (close ? "Connection: close\r\n" : "") + "\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  /** The request head up to the empty line, or null at end of stream. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int c = in.read();
      if (c < 0) {
        return null;
      }
      b.write(c);
      state = (c == '\r' && (state == 0 || state == 2)) ? state + 1 : (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
    }
    String s = b.toString(StandardCharsets.ISO_8859_1);
    return s.substring(0, s.length() - 4);
  }
}
