package io.github.shelllambda.runtime.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * A loopback HTTP/1.1 server on Jetty (its core {@code Handler} API, no servlets), adapting each
 * request to our small {@link HttpRequest} / {@link HttpResponse} types so that the routers
 * ({@code LambdaApi}, the Function URL handler, the Runtime API, the plugin's stub server) stay
 * plain Java.
 *
 * <p>What Jetty does for us: RFC 9112 framing under {@link HttpCompliance#RFC9110} (a duplicate or
 * malformed Content-Length, Content-Length with Transfer-Encoding, a transfer coding other than
 * chunked, whitespace before a colon: 400 and the connection closed), 431 for header fields and
 * 414 for a request line over {@link Settings#maxHeaderBytes()}, UTF-8 decoding of the target,
 * idle timeouts, connections that hold no thread while idle, TCP_NODELAY on every accepted socket
 * (Jetty's default), and the response's framing. What this class adds: a bounded thread pool; body
 * limits enforced while reading, never buffering past the limit (a declared length over it is
 * answered 413 without reading the body when the client waits for {@code 100 Continue}, which it
 * then never gets, or when the length is over twice the limit, and the connection closes; a body
 * up to twice the limit sent without waiting is read and dropped so that the client can read the
 * 413); a deadline for receiving a body; UTF-8 header values; an absolute-form target's authority
 * as the Host; an idle timeout that never cuts a running handler; and a check of the handler's
 * response before Jetty writes it (a status outside 200..599, a header name that is not a token, a
 * control character in a value: a 502 and a line in the problem log, never an invalid response).
 */
public final class HttpServer implements Closeable {
  /** How long reading a request body may take in all, however slowly its bytes trickle in. */
  public static final Duration DEFAULT_BODY_READ_TIMEOUT = Duration.ofSeconds(60);

  /** Limits and sizes of one server. */
  public record Settings(
      int port,
      String name,
      long maxBody,
      int handlerThreads,
      Duration idleTimeout,
      Duration bodyReadTimeout,
      int maxHeaderBytes,
      Consumer<String> problemLog) {
    public Settings {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(idleTimeout, "idleTimeout");
      Objects.requireNonNull(bodyReadTimeout, "bodyReadTimeout");
      Objects.requireNonNull(problemLog, "problemLog");
      if (handlerThreads < 1) {
        throw new IllegalArgumentException("handlerThreads must be at least 1, is " + handlerThreads);
      }
    }

    /**
     * Defaults: 4 handler threads, 30 s idle timeout, 60 s to read a body, 16 KiB of request line
     * and header fields, problems to stderr.
     */
    public static Settings of(int port, String name, long maxBody) {
      return new Settings(
          port, name, maxBody, 4, Duration.ofSeconds(30), DEFAULT_BODY_READ_TIMEOUT, 16 * 1024,
          line -> System.err.println(line));
    }

    /** Threads that may run handlers at once; requests beyond wait in a bounded queue. */
    public Settings withHandlerThreads(int n) {
      return new Settings(port, name, maxBody, n, idleTimeout, bodyReadTimeout, maxHeaderBytes, problemLog);
    }

    /** A connection with no bytes moving for this long is closed (idle keep-alive, a stalled request). */
    public Settings withIdleTimeout(Duration d) {
      return new Settings(port, name, maxBody, handlerThreads, d, bodyReadTimeout, maxHeaderBytes, problemLog);
    }

    public Settings withBodyReadTimeout(Duration d) {
      return new Settings(port, name, maxBody, handlerThreads, idleTimeout, d, maxHeaderBytes, problemLog);
    }

    /** Where a refused handler response is reported (one line, no secrets: names and reasons only). */
    public Settings withProblemLog(Consumer<String> log) {
      return new Settings(port, name, maxBody, handlerThreads, idleTimeout, bodyReadTimeout, maxHeaderBytes, log);
    }
  }

  static {
    // Under Maven (whose slf4j provider is a simple logger) Jetty's INFO lines (its version,
    // "Started ...", "Stopped ...") would land in the build log at every server start; only its
    // warnings are of use there. That logger reads this property when a logger is created, so it
    // is set before the first Jetty class loads; a value the user set wins. Other slf4j providers
    // ignore it.
    String key = "org.slf4j.simpleLogger.log.org.eclipse.jetty";
    if (System.getProperty(key) == null) {
      System.setProperty(key, "warn");
    }
  }

  /** Jetty's own threads besides the handlers': one acceptor, one selector, and room for its housekeeping. */
  private static final int JETTY_THREADS = 4;

  private final Server server;
  private final ServerConnector connector;
  private final Settings settings;
  private final HttpHandler handler;
  private final StreamingRequestHandler streamingHandler;

  private HttpServer(Settings settings, HttpHandler handler, StreamingRequestHandler streamingHandler) {
    this.settings = settings;
    this.handler = handler;
    this.streamingHandler = streamingHandler;
    int max = settings.handlerThreads() + JETTY_THREADS;
    QueuedThreadPool pool =
        new QueuedThreadPool(max, 3, 60_000, -1, null, null); // min: the acceptor, the selector, one handler ready
    pool.setName(settings.name());
    pool.setDaemon(true);
    pool.setStopTimeout(2000);
    server = new Server(pool);
    server.addBean(new ScheduledExecutorScheduler(settings.name() + "-scheduler", true));
    server.setStopTimeout(0);

    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendDateHeader(false);
    config.setSendXPoweredBy(false);
    config.setRequestHeaderSize(settings.maxHeaderBytes());
    config.setHttpCompliance(HttpCompliance.RFC9110);
    config.setUriCompliance(UriCompliance.DEFAULT);
    config.setIdleTimeout(settings.idleTimeout().toMillis());
    connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    connector.setPort(settings.port());
    connector.setIdleTimeout(settings.idleTimeout().toMillis());
    connector.setReuseAddress(true);
    connector.setAcceptQueueSize(128);
    server.addConnector(connector);
    server.setErrorHandler(new JsonErrorHandler());
    server.setHandler(new Adapter());
  }

  /**
   * Starts a server on 127.0.0.1 with the default {@link Settings}.
   *
   * @param port 0 for an ephemeral port
   * @param name thread name prefix (threads are named {@code shell-lambda-...})
   * @param maxBody longest request body accepted; a longer one reaches the handler with {@link
   *     HttpRequest#bodyTooLarge()} set and no body (see the class comment for when the connection
   *     closes after the answer)
   */
  public static HttpServer start(int port, String name, long maxBody, HttpHandler handler) throws IOException {
    return start(Settings.of(port, name, maxBody), handler);
  }

  public static HttpServer start(Settings settings, HttpHandler handler) throws IOException {
    return start(settings, handler, null);
  }

  /**
   * Starts a server whose chunked requests that {@code streaming} accepts are handed over with
   * their body still arriving (no size limit of its own: the handler enforces one); every other
   * request goes to {@code handler} as usual.
   */
  public static HttpServer start(Settings settings, HttpHandler handler, StreamingRequestHandler streaming)
      throws IOException {
    HttpServer s = new HttpServer(settings, handler, streaming);
    try {
      s.server.start();
    } catch (IOException e) {
      s.close();
      if (e.getCause() instanceof java.net.BindException b) {
        throw b;
      }
      throw e;
    } catch (Exception e) {
      s.close();
      throw new IOException("cannot start the " + settings.name() + " HTTP server: " + e.getMessage(), e);
    }
    return s;
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** The threads this server may use at most (handlers and Jetty's own). */
  public int maxThreads() {
    return settings.handlerThreads() + JETTY_THREADS;
  }

  /** Connections open right now. */
  public int openConnections() {
    return connector.getConnectedEndPoints().size();
  }

  private final class Adapter extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      HttpURI uri = request.getHttpURI();
      Headers headers = new Headers();
      for (HttpField f : request.getHeaders()) {
        headers.add(f.getName(), utf8(f.getValue()));
      }
      if (uri.isAbsolute() && uri.getHost() != null) {
        // absolute-form target: its authority is the host (RFC 9112 3.2.2), the Host field is ignored
        headers.set("Host", uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost());
      }
      long declared = request.getLength();
      if (declared < 0 && streamingHandler != null) {
        HttpRequest head = head(request, headers, new byte[0], false);
        if (streamingHandler.accepts(head)) {
          streamed(request, response, callback, head);
          return true;
        }
      }
      Exchange x = new Exchange(request, response, callback, headers);
      if (declared > settings.maxBody()) {
        if (declared <= settings.maxBody() * 2 && !expectsContinue(headers)) {
          // A client that sends its body without waiting (no Expect: 100-continue) reads no answer
          // before it has written it all: a body up to twice the limit is read and thrown away
          // (never buffered) so that it gets the 413; a longer one gets the 413 at once, and the
          // connection closes.
          x.tooLarge = true;
          x.read();
        } else {
          x.finish(true, false);
        }
      } else if (declared == 0) {
        x.finish(false, true);
      } else {
        x.read();
      }
      return true;
    }
  }

  /**
   * One request: its body is read as Jetty hands over chunks ({@code demand}), so a slow or
   * half-sent body holds no thread; the handler runs once the body is complete.
   */
  private final class Exchange implements Runnable {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Headers headers;
    private final long deadline = System.nanoTime() + settings.bodyReadTimeout().toNanos();
    private java.io.ByteArrayOutputStream body;
    private long received;
    boolean tooLarge;

    Exchange(Request request, Response response, Callback callback, Headers headers) {
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.headers = headers;
      long declared = request.getLength();
      this.body = new java.io.ByteArrayOutputStream(declared > 0 && declared <= settings.maxBody() ? (int) declared : 8192);
    }

    /** Reads what is there; asks to be called again when more arrives. */
    void read() {
      while (true) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          Throwable failure = chunk.getFailure();
          chunk.release();
          callback.failed(failure); // a broken or abandoned body: Jetty answers or closes
          return;
        }
        ByteBuffer b = chunk.getByteBuffer();
        int n = b.remaining();
        received += n;
        if (!tooLarge && received > settings.maxBody()) {
          tooLarge = true;
          body = null;
        }
        if (!tooLarge) {
          byte[] bytes = new byte[n];
          b.get(bytes);
          body.write(bytes, 0, n);
        }
        boolean last = chunk.isLast();
        chunk.release();
        if (last) {
          finish(tooLarge, true);
          return;
        }
        if (tooLarge && received > settings.maxBody() * 2) {
          finish(true, false); // stop reading: 413 and close
          return;
        }
        if (System.nanoTime() - deadline > 0) {
          respond(request, response, callback, errorJson(408, "the request body did not arrive within "
              + settings.bodyReadTimeout().toSeconds() + " s").closeConnection());
          return;
        }
      }
    }

    @Override
    public void run() {
      read();
    }

    /** Runs the handler and writes its response. */
    void finish(boolean overLimit, boolean bodyComplete) {
      HttpURI uri = request.getHttpURI();
      String path = uri.getPath() == null ? "/" : uri.getPath();
      String target = uri.getQuery() == null ? path : path + "?" + uri.getQuery();
      InetSocketAddress remote =
          request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress isa ? isa : null;
      HttpRequest req =
          new HttpRequest(
              request.getMethod(), target, request.getConnectionMetaData().getProtocol(), headers,
              overLimit || body == null ? new byte[0] : body.toByteArray(), overLimit,
              remote == null ? "127.0.0.1" : remote.getAddress().getHostAddress());
      body = null;
      // the idle timeout is for a silent client; a handler may take its time (a function runs up
      // to 900 s, a Runtime API /next waits for the next invocation)
      request.addIdleTimeoutListener(timeout -> false);
      HttpResponse resp;
      try {
        resp = handler.handle(req);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        resp = null;
      } catch (Exception e) {
        settings.problemLog().accept(settings.name() + ": the handler of " + request.getMethod() + " " + path
            + " failed: " + e);
        resp = errorJson(500, "internal error (" + e.getClass().getSimpleName() + "); see the log");
      }
      if (resp == null) { // the server is closing, e.g. a Runtime API /next cut by close()
        resp = errorJson(503, "the server is closing").closeConnection();
      }
      if (!bodyComplete) {
        resp.closeConnection(); // the rest of the body is not read: this connection cannot carry another request
      }
      respond(request, response, callback, resp);
    }
  }

  private static HttpRequest head(Request request, Headers headers, byte[] body, boolean overLimit) {
    HttpURI uri = request.getHttpURI();
    String path = uri.getPath() == null ? "/" : uri.getPath();
    String target = uri.getQuery() == null ? path : path + "?" + uri.getQuery();
    InetSocketAddress remote =
        request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress isa ? isa : null;
    return new HttpRequest(
        request.getMethod(), target, request.getConnectionMetaData().getProtocol(), headers, body, overLimit,
        remote == null ? "127.0.0.1" : remote.getAddress().getHostAddress());
  }

  /** A request for the streaming handler: its body read as it arrives, on this thread. */
  private void streamed(Request request, Response response, Callback callback, HttpRequest head) {
    request.addIdleTimeoutListener(timeout -> false);
    // a streamed body may pause as long as its producer likes (a Runtime API response: a handler
    // quiet between two lines; its process is ended at the function's timeout, closing the socket)
    request.getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(0);
    HttpResponse resp;
    try (java.io.InputStream body = Request.asInputStream(request)) {
      resp = streamingHandler.handle(head, body, () -> {
        Map<String, String> t = new java.util.LinkedHashMap<>();
        HttpFields f = request.getTrailers();
        if (f != null) {
          for (HttpField field : f) {
            t.put(field.getName(), field.getValue());
          }
        }
        return t;
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      resp = null;
    } catch (Exception e) {
      settings.problemLog().accept(settings.name() + ": the streaming handler of " + request.getMethod() + " "
          + head.rawPath() + " failed: " + e);
      resp = errorJson(500, "internal error (" + e.getClass().getSimpleName() + "); see the log").closeConnection();
    }
    if (resp == null) {
      resp = errorJson(503, "the server is closing").closeConnection();
    }
    respond(request, response, callback, resp);
  }

  /** Runs a streamed response's writer: status and headers when it starts, then each write at once. */
  private void respondStreaming(Request request, Response response, Callback callback, HttpResponse r) {
    java.io.OutputStream[] out = {null};
    try {
      r.streamWriter().write((status, headers) -> {
        if (out[0] != null) {
          throw new IllegalStateException("the streamed response was already started");
        }
        // headers set on the streaming response itself (CORS, a request id) join the writer's
        for (Map.Entry<String, String> h : r.headers().fields()) {
          if (!headers.has(h.getKey())) {
            headers.add(h.getKey(), h.getValue());
          }
        }
        HttpResponse check = new HttpResponse(status, null);
        for (Map.Entry<String, String> h : headers.fields()) {
          check.header(h.getKey(), h.getValue());
        }
        String problem = problem(check);
        if (problem != null) {
          throw new IOException("the streamed response cannot be sent: " + problem);
        }
        response.setStatus(status);
        HttpFields.Mutable fields = response.getHeaders();
        for (Map.Entry<String, String> h : headers.fields()) {
          String name = h.getKey();
          if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Transfer-Encoding")
              && !name.equalsIgnoreCase("Connection")) {
            fields.add(name, h.getValue());
          }
        }
        out[0] = Content.Sink.asOutputStream(response);
        return out[0];
      });
      if (out[0] == null) {
        respond(request, response, callback, errorJson(502, "the streamed response was never started"));
        return;
      }
      out[0].close(); // the last chunk
      callback.succeeded();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (out[0] == null) {
        settings.problemLog().accept(settings.name() + ": the streamed response to " + request.getMethod() + " "
            + request.getHttpURI().getPath() + " failed before it started: " + e);
        respond(request, response, callback, errorJson(502, "the streamed response failed: " + e.getMessage()));
      } else {
        callback.failed(e); // bytes are out: the connection ends without the last chunk
      }
    }
  }

  private static boolean expectsContinue(Headers headers) {
    return headers.all("Expect").stream().anyMatch(v -> v.trim().equalsIgnoreCase("100-continue"));
  }

  private void respond(Request request, Response response, Callback callback, HttpResponse r) {
    if (r.streamWriter() != null) {
      respondStreaming(request, response, callback, r);
      return;
    }
    String problem = problem(r);
    if (problem != null) {
      settings.problemLog().accept(settings.name() + ": refused the handler's response to " + request.getMethod() + " "
          + request.getHttpURI().getPath() + " (" + problem + "); answered 502 instead");
      r = errorJson(502, "the handler's response could not be sent: " + problem);
    }
    response.setStatus(r.status());
    HttpFields.Mutable out = response.getHeaders();
    for (Map.Entry<String, String> h : r.headers().fields()) {
      String name = h.getKey();
      if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
          || name.equalsIgnoreCase("Connection")) {
        continue; // framing is the server's
      }
      out.add(name, h.getValue());
    }
    if (r.close()) {
      out.put(HttpHeader.CONNECTION, "close");
    }
    boolean noBody = r.status() == 204 || r.status() == 304;
    if (noBody) {
      response.write(true, null, callback);
      return;
    }
    out.put(HttpHeader.CONTENT_LENGTH, r.body().length);
    response.write(true, ByteBuffer.wrap(r.body()), callback);
  }

  /** Why a handler's response cannot be sent as it is, or null. */
  static String problem(HttpResponse r) {
    if (r.status() < 200 || r.status() > 599) {
      return "status " + r.status() + " is not a final HTTP status (200..599)";
    }
    for (Map.Entry<String, String> h : r.headers().fields()) {
      if (!isToken(h.getKey())) {
        return "header name '" + printable(h.getKey()) + "' is not an HTTP token";
      }
      String v = h.getValue();
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
          return "header " + h.getKey() + " has a control character (0x" + Integer.toHexString(c) + ") in its value";
        }
      }
    }
    return null;
  }

  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return sb.length() > 60 ? sb.substring(0, 60) + "..." : sb.toString();
  }


  /** Our error shape for what the server itself refuses: {@code {"message": ...}}. */
  static HttpResponse errorJson(int status, String message) {
    return HttpResponse.json(status, "{\"message\":\"" + jsonEscape(message) + "\"}");
  }

  /**
   * Header values as UTF-8, as AWS reads them. Jetty hands over a value's bytes as ISO-8859-1
   * characters; when those bytes are valid UTF-8 they are decoded as such, otherwise kept as they are.
   */
  static String utf8(String latin1) {
    if (latin1 == null) {
      return "";
    }
    boolean high = false;
    for (int i = 0; i < latin1.length(); i++) {
      char c = latin1.charAt(i);
      if (c > 0xff) {
        return latin1; // already decoded
      }
      high |= c >= 0x80;
    }
    if (!high) {
      return latin1;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1)))
          .toString();
    } catch (CharacterCodingException e) {
      return latin1;
    }
  }

  /**
   * Jetty's answers to what it refuses itself (bad framing, oversize headers, a bad URI): a JSON
   * body instead of an HTML page, no stack trace, and the connection closed on a framing error.
   */
  private static final class JsonErrorHandler extends ErrorHandler {
    JsonErrorHandler() {
      setShowStacks(false);
      setShowCauses(false);
      setShowOrigin(false);
      setDefaultResponseMimeType("application/json");
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      fields.put(HttpHeader.CONTENT_TYPE, "application/json");
      return ByteBuffer.wrap(errorBody(status, reason));
    }

    @Override
    protected void generateResponse(
        Request request, Response response, int code, String message, Throwable cause, Callback callback) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(true, ByteBuffer.wrap(errorBody(code, message)), callback);
    }

    @Override
    protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
      writer.write(new String(errorBody(code, message), StandardCharsets.UTF_8));
    }

    private static byte[] errorBody(int status, String reason) {
      String r = reason == null || reason.isBlank() ? org.eclipse.jetty.http.HttpStatus.getMessage(status) : reason;
      return ("{\"message\":\"" + jsonEscape(r) + "\"}").getBytes(StandardCharsets.UTF_8);
    }
  }

  public static String jsonEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (ch < 0x20) {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    return sb.toString();
  }

  /** Stops accepting, closes every connection; handler threads still running are interrupted after 2 s. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
