package io.github.shelllambda.runtime.function;

import io.github.shelllambda.runtime.function.Report;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The outcome of one invocation.
 *
 * @param function the function as the caller named it (with the qualifier the caller used, if any)
 * @param executedVersion the version that ran: {@code $LATEST} or a version number (what {@code
 *     X-Amz-Executed-Version} says)
 * @param payload the response bytes; on error, the error document (as Lambda returns it)
 * @param log this invocation's log: on a cold start the init output first, then START, the
 *     function's output, END and REPORT
 */
public record Invocation(
    String requestId,
    FunctionId function,
    String executedVersion,
    byte[] payload,
    Optional<FunctionError> error,
    String log,
    Report report,
    boolean coldStart) {

  public String payloadAsString() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  public boolean failed() {
    return error.isPresent();
  }

  /** The last 4 KB of the log, as {@code X-Amz-Log-Result} carries it (before base64). */
  public byte[] logTail() {
    byte[] all = log.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(all.length, 4096);
    byte[] tail = new byte[n];
    System.arraycopy(all, all.length - n, tail, 0, n);
    return tail;
  }
}
