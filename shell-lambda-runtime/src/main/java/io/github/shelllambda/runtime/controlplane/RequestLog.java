package io.github.shelllambda.runtime.controlplane;

import io.github.shelllambda.runtime.function.LogSink;
import io.github.shelllambda.runtime.http.HttpRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * {@code requests.log} under the state directory: one line per control-plane request, {@code
 * <time> <operation> <method> <path> <status>} (a refused request with its error status), so a
 * deploy's tests can assert which writes it made
 * (an unchanged deploy: none). Appended, never rewritten; bodies and headers are never logged.
 */
final class RequestLog {
  private final Path file;
  private final LogSink sink;

  RequestLog(Path file, LogSink sink) {
    this.file = file;
    this.sink = sink;
  }

  Path path() {
    return file;
  }

  synchronized void record(String operation, HttpRequest request, int status) {
    String line = Instant.now() + " " + operation + " " + request.method() + " " + request.rawPath() + " " + status
        + "\n";
    try {
      Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      sink.warning("cannot append to " + file + ": " + e.getMessage());
    }
  }
}
