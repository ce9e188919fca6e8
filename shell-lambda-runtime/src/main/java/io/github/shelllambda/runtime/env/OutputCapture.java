package io.github.shelllambda.runtime.env;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * The runtime process's stdout and stderr, appended by the kernel to a file, read back as lines.
 *
 * <p>A file rather than a pipe because it makes ordering exact: everything the handler wrote
 * before the runtime posted its response is in the file when the response arrives, so {@link
 * #drain} at that moment gets all of the invocation's output, before END, with no race against a
 * pump thread.
 */
public final class OutputCapture implements Closeable {
  private static final long TRUNCATE_AT = 8L * 1024 * 1024;
  /** CloudWatch's limit on one log event: a longer line is passed on in pieces. */
  private static final int MAX_LINE = 256 * 1024;
  private final Path file;
  private final FileChannel channel;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
  private long offset;

  public OutputCapture(Path file) throws IOException {
    this.file = file;
    this.channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    this.offset = channel.size();
  }

  /** The file the runtime's stdout/stderr must be appended to. */
  public Path file() {
    return file;
  }

  /**
   * Passes every complete line written since the last call to {@code lines}.
   *
   * @param flushPartial also pass a last line that has no newline yet
   */
  public synchronized void drain(Consumer<String> lines, boolean flushPartial) {
    try {
      while (true) {
        buf.clear();
        int n = channel.read(buf, offset);
        if (n <= 0) {
          break;
        }
        offset += n;
        byte[] a = buf.array();
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (a[i] == '\n') {
            partial.write(a, start, i - start);
            lines.accept(line());
            start = i + 1;
          }
        }
        partial.write(a, start, n - start);
        if (partial.size() >= MAX_LINE) {
          lines.accept(line());
        }
      }
      if (flushPartial && partial.size() > 0) {
        lines.accept(line());
      }
    } catch (IOException e) {
      lines.accept("shell-lambda: cannot read the function's output from " + file + ": " + e.getMessage());
    }
  }

  /**
   * Empties the file when it grew large and everything was read (call only when no process
   * writes: between invocations). The writer appends (O_APPEND), so it continues at the new end.
   */
  public synchronized void compactIfIdle() {
    try {
      if (offset >= TRUNCATE_AT && channel.size() == offset && partial.size() == 0) {
        channel.truncate(0);
        offset = 0;
      }
    } catch (IOException e) {
      // keep the file as it is
    }
  }

  private String line() {
    String s = partial.toString(StandardCharsets.UTF_8);
    partial.reset();
    if (s.endsWith("\r")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }
}
