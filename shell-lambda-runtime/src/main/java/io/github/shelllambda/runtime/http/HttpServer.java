package io.github.shelllambda.runtime.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server on loopback: keep-alive, Content-Length and chunked request bodies,
 * {@code Expect: 100-continue}, one thread per connection (a Runtime API {@code /next} long-polls,
 * so a handler may block). Written here rather than using the JDK's {@code HttpServer} because
 * that one leaves Nagle's algorithm on (headers and body in two writes wait for a delayed ACK,
 * ~40 ms on loopback) unless a JVM-wide system property is set before its first use; and because
 * the Runtime API needs exact control of status codes on oversize bodies.
 */
public final class HttpServer implements Closeable {
  private static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final AtomicInteger SERIAL = new AtomicInteger();

  private final ServerSocket socket;
  private final HttpHandler handler;
  private final long maxBody;
  private final String name;
  private final Thread acceptor;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private HttpServer(ServerSocket socket, String name, long maxBody, HttpHandler handler) {
    this.socket = socket;
    this.name = name;
    this.maxBody = maxBody;
    this.handler = handler;
    this.acceptor = new Thread(this::acceptLoop, name + "-accept-" + SERIAL.incrementAndGet());
    this.acceptor.setDaemon(true);
  }

  /**
   * Starts a server on 127.0.0.1.
   *
   * @param port 0 for an ephemeral port
   * @param name thread name prefix (threads are named {@code shell-lambda-...})
   * @param maxBody longest request body accepted; a longer one reaches the handler with {@link
   *     HttpRequest#bodyTooLarge()} set
   */
  public static HttpServer start(int port, String name, long maxBody, HttpHandler handler) throws IOException {
    ServerSocket ss = new ServerSocket();
    ss.setReuseAddress(true);
    ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    HttpServer s = new HttpServer(ss, name, maxBody, handler);
    s.acceptor.start();
    return s;
  }

  public int port() {
    return socket.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket c;
      try {
        c = socket.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      if (closed) {
        closeQuietly(c);
        return;
      }
      connections.add(c);
      Thread t = new Thread(() -> serve(c), name + "-conn-" + SERIAL.incrementAndGet());
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  private void serve(Socket c) {
    try (c) {
      c.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(c.getInputStream(), 64 * 1024);
      OutputStream out = c.getOutputStream();
      String remote = c.getInetAddress().getHostAddress();
      while (!closed) {
        String requestLine = readLine(in, true);
        if (requestLine == null) {
          return;
        }
        if (requestLine.isEmpty()) {
          continue; // tolerated between requests (RFC 9112 2.2)
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
          write(out, HttpResponse.json(400, "{\"message\":\"malformed request line\"}").closeConnection(), false);
          return;
        }
        Headers headers = new Headers();
        int headerBytes = 0;
        for (String line = readLine(in, false); !line.isEmpty(); line = readLine(in, false)) {
          headerBytes += line.length();
          if (headerBytes > MAX_HEADER_BYTES) {
            write(out, HttpResponse.json(431, "{\"message\":\"request header fields too large\"}").closeConnection(), false);
            return;
          }
          int colon = line.indexOf(':');
          if (colon <= 0) {
            write(out, HttpResponse.json(400, "{\"message\":\"malformed header field\"}").closeConnection(), false);
            return;
          }
          headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        String protocol = parts[2];
        boolean keepAlive =
            protocol.equals("HTTP/1.1")
                ? !headers.first("Connection").map(v -> v.equalsIgnoreCase("close")).orElse(false)
                : headers.first("Connection").map(v -> v.equalsIgnoreCase("keep-alive")).orElse(false);
        if (headers.first("Expect").map(v -> v.equalsIgnoreCase("100-continue")).orElse(false)) {
          out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        }
        Body body = readBody(in, headers);
        HttpRequest req = new HttpRequest(parts[0], parts[1], protocol, headers, body.bytes, body.tooLarge, remote);
        HttpResponse resp;
        try {
          resp = handler.handle(req);
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          if (closed) {
            return;
          }
          resp = HttpResponse.json(500, "{\"message\":\"internal error: " + jsonEscape(String.valueOf(e)) + "\"}");
        }
        if (resp == null || closed) {
          return;
        }
        write(out, resp, parts[0].equals("HEAD"));
        if (!keepAlive || resp.close()) {
          return;
        }
      }
    } catch (IOException e) {
      // client went away or the server is closing
    } finally {
      connections.remove(c);
      workers.remove(Thread.currentThread());
    }
  }

  private record Body(byte[] bytes, boolean tooLarge) {}

  private Body readBody(InputStream in, Headers headers) throws IOException {
    if (headers.first("Transfer-Encoding").map(v -> v.toLowerCase().contains("chunked")).orElse(false)) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      boolean tooLarge = false;
      long total = 0;
      while (true) {
        String sizeLine = readLine(in, false);
        int semi = sizeLine.indexOf(';');
        long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
        if (size == 0) {
          while (!readLine(in, false).isEmpty()) {
            // trailer fields: ignored
          }
          break;
        }
        total += size;
        if (total > maxBody) {
          tooLarge = true;
          skip(in, size);
        } else {
          buf.write(in.readNBytes((int) size));
        }
        readLine(in, false);
      }
      return tooLarge ? new Body(new byte[0], true) : new Body(buf.toByteArray(), false);
    }
    long length = headers.first("Content-Length").map(v -> Long.parseLong(v.trim())).orElse(0L);
    if (length > maxBody) {
      skip(in, length);
      return new Body(new byte[0], true);
    }
    byte[] b = in.readNBytes((int) length);
    if (b.length != length) {
      throw new EOFException("body shorter than Content-Length");
    }
    return new Body(b, false);
  }

  private static void skip(InputStream in, long n) throws IOException {
    long left = n;
    while (left > 0) {
      long s = in.skip(left);
      if (s <= 0) {
        if (in.read() < 0) {
          throw new EOFException("body shorter than declared");
        }
        s = 1;
      }
      left -= s;
    }
  }

  /** Reads a CRLF (or LF) terminated line; null at EOF before any byte when {@code eofOk}. */
  private static String readLine(InputStream in, boolean eofOk) throws IOException {
    StringBuilder sb = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (eofOk && sb.length() == 0) {
          return null;
        }
        throw new EOFException("connection closed mid-request");
      }
      if (b == '\n') {
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') {
          sb.setLength(len - 1);
        }
        return sb.toString();
      }
      if (sb.length() > MAX_HEADER_BYTES) {
        throw new IOException("line too long");
      }
      sb.append((char) b);
    }
  }

  private static void write(OutputStream out, HttpResponse r, boolean head) throws IOException {
    StringBuilder sb = new StringBuilder(256);
    sb.append("HTTP/1.1 ").append(r.status()).append(' ').append(reason(r.status())).append("\r\n");
    for (Map.Entry<String, String> h : r.headers().fields()) {
      sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    boolean noBody = r.status() == 204 || r.status() == 304 || r.status() < 200;
    if (!noBody) {
      sb.append("Content-Length: ").append(r.body().length).append("\r\n");
    }
    if (r.close()) {
      sb.append("Connection: close\r\n");
    }
    sb.append("\r\n");
    byte[] head0 = sb.toString().getBytes(StandardCharsets.UTF_8);
    if (head || noBody || r.body().length == 0) {
      out.write(head0);
    } else {
      byte[] all = new byte[head0.length + r.body().length];
      System.arraycopy(head0, 0, all, 0, head0.length);
      System.arraycopy(r.body(), 0, all, head0.length, r.body().length);
      out.write(all);
    }
    out.flush();
  }

  static String reason(int status) {
    return switch (status) {
      case 100 -> "Continue";
      case 200 -> "OK";
      case 202 -> "Accepted";
      case 204 -> "No Content";
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 413 -> "Request Entity Too Large";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
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

  /** Stops accepting, closes every connection and waits briefly for the connection threads. */
  @Override
  public void close() {
    closed = true;
    closeQuietly(socket);
    for (Socket c : connections) {
      closeQuietly(c);
    }
    for (Thread t : workers) {
      t.interrupt();
    }
    try {
      acceptor.join(2000);
      for (Thread t : workers) {
        t.join(2000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      // closing anyway
    }
  }
}
