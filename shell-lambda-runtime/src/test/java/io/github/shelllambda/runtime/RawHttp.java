package io.github.shelllambda.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A raw HTTP/1.1 client on a plain {@link Socket}: writes exactly the bytes given (framing and
 * smuggling probes no client library would send) and reads responses byte by byte.
 */
final class RawHttp implements AutoCloseable {
  /** Longest wait for any answer: a deadline for asynchronous output, not a timing assertion. */
  static final int DEADLINE_MS = 20_000;

  record Response(int status, List<String> headerLines, byte[] body) {
    String header(String name) {
      for (String h : headerLines) {
        int c = h.indexOf(':');
        if (c > 0 && h.substring(0, c).trim().equalsIgnoreCase(name)) {
          return h.substring(c + 1).trim();
        }
      }
      return null;
    }

    long count(String name) {
      return headerLines.stream()
          .filter(h -> h.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":"))
          .count();
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return status + " " + headerLines + " " + bodyText();
    }
  }

  final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(DEADLINE_MS);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  RawHttp send(String ascii) throws IOException {
    return send(ascii.getBytes(StandardCharsets.UTF_8));
  }

  RawHttp send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** One response (skipping nothing: a {@code 100 Continue} is returned as a response too). */
  Response read() throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new IOException("connection closed before a response");
    }
    String[] parts = statusLine.split(" ", 3);
    int status = Integer.parseInt(parts[1]);
    List<String> headers = new ArrayList<>();
    for (String l = line(); l != null && !l.isEmpty(); l = line()) {
      headers.add(l);
    }
    Response head = new Response(status, headers, new byte[0]);
    if (status < 200 || status == 204 || status == 304) {
      return head;
    }
    String cl = head.header("Content-Length");
    byte[] body;
    if (cl != null) {
      body = in.readNBytes(Integer.parseInt(cl));
    } else if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
          size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
        b.write(in.readNBytes(size));
        line();
      }
      line();
      body = b.toByteArray();
    } else {
      body = in.readAllBytes();
    }
    return new Response(status, headers, body);
  }

  /**
   * True when the server closes the connection (EOF or reset) before the deadline; what it sends
   * before closing (e.g. a 408 for a half-sent request) is read and dropped.
   */
  boolean closedByServer() throws IOException {
    try {
      while (in.read() >= 0) {
        // an error response before the close
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] l = b.toByteArray();
        int n = l.length > 0 && l[l.length - 1] == '\r' ? l.length - 1 : l.length;
        return new String(l, 0, n, StandardCharsets.UTF_8);
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
  }

  /** Sends one request on a new connection and reads one response. */
  static Response exchange(int port, String request) throws IOException {
    try (RawHttp c = new RawHttp(port)) {
      return c.send(request).read();
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
