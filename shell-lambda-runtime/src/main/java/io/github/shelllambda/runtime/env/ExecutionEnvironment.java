package io.github.shelllambda.runtime.env;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.shelllambda.runtime.function.FunctionError;
import io.github.shelllambda.runtime.function.FunctionId;
import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.runtimeapi.RuntimeApiServer;
import io.github.shelllambda.runtime.env.CommandNotFound;
import io.github.shelllambda.runtime.env.OutputCapture;
import io.github.shelllambda.runtime.function.Report;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One execution environment: a private TMPDIR, one runtime process (the bootstrap, started on the
 * first invocation and again after a crash, a timeout or a failed init), its Runtime API server,
 * its captured output. Runs one invocation at a time.
 */
public final class ExecutionEnvironment implements Closeable, MemorySampler.Watched {
  /**
   * The error type of an invocation ended because its function was closed (a reload or a stop)
   * while it ran: a local event with no Lambda counterpart, so it does not borrow a Lambda type.
   */
  public static final String STOPPED_ERROR_TYPE = "Local.FunctionStopped";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

  private final EnvironmentSpec spec;
  private final int index;
  private final MemorySampler sampler;
  private final Path tmp;
  private final OutputCapture output;
  private final String logStream;
  private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();

  private Process process;
  private RuntimeApiServer api;
  private int generation;
  private volatile long session = -1;
  private volatile long peakBytes;
  private volatile List<String> currentLog;
  private volatile boolean closed;

  public ExecutionEnvironment(EnvironmentSpec spec, int index, MemorySampler sampler) throws IOException {
    this.spec = spec;
    this.index = index;
    this.sampler = sampler;
    Path dir = Files.createDirectories(spec.workDirectory().resolve("env-" + index));
    this.tmp = Files.createDirectories(dir.resolve("tmp"));
    this.output = new OutputCapture(dir.resolve("output.log"));
    this.logStream = STREAM_DATE.format(Instant.now()) + "/[" + spec.version() + "]" + hex(16);
  }

  /** The environment's private temporary folder (its TMPDIR). */
  public Path tmpDirectory() {
    return tmp;
  }

  public int index() {
    return index;
  }

  // ---- events from the Runtime API and the process, tagged with the runtime generation ----

  private sealed interface Event permits Ready, Delivered, Response, Error, TooLarge, InitError, Exited {
    int gen();
  }

  private record Ready(int gen, long nanos) implements Event {}

  private record Delivered(int gen, String id, long nanos) implements Event {}

  private record Response(int gen, String id, byte[] body, long nanos) implements Event {}

  private record Error(int gen, String id, String type, byte[] body, long nanos) implements Event {}

  private record TooLarge(int gen, String id, long nanos) implements Event {}

  private record InitError(int gen, String type, byte[] body, long nanos) implements Event {}

  private record Exited(int gen, int status, long nanos) implements Event {}

  private RuntimeApiServer.Listener listener(int gen) {
    return new RuntimeApiServer.Listener() {
      @Override
      public void ready() {
        events.add(new Ready(gen, System.nanoTime()));
      }

      @Override
      public void delivered(String id) {
        events.add(new Delivered(gen, id, System.nanoTime()));
      }

      @Override
      public void response(String id, byte[] body) {
        events.add(new Response(gen, id, body, System.nanoTime()));
      }

      @Override
      public void error(String id, String type, byte[] body) {
        events.add(new Error(gen, id, type, body, System.nanoTime()));
      }

      @Override
      public void responseTooLarge(String id, long declared) {
        events.add(new TooLarge(gen, id, System.nanoTime()));
      }

      @Override
      public void responseStream(String id, String contentType, java.io.InputStream body,
          java.util.function.Supplier<Map<String, String>> trailers) throws IOException {
        Call call = currentCall;
        io.github.shelllambda.runtime.function.ResponseStream out =
            call != null && call.requestId().equals(id) ? call.stream() : null;
        if (out == null) {
          RuntimeApiServer.Listener.super.responseStream(id, contentType, body, trailers);
          return;
        }
        // the caller streams: every read goes on at once; past Lambda's 200 MiB the rest is dropped
        byte[] buf = new byte[16384];
        long total = 0;
        boolean receiverGone = false;
        out.begin(contentType);
        for (int n; (n = body.read(buf)) >= 0; ) {
          total += n;
          if (receiverGone || total > RuntimeApiServer.MAX_STREAMED_RESPONSE_BYTES) {
            continue;
          }
          try {
            out.write(buf, 0, n);
          } catch (IOException clientGone) {
            receiverGone = true; // the function still runs to its end, as on Lambda
          }
        }
        String[] error = RuntimeApiServer.streamError(trailers.get());
        if (total > RuntimeApiServer.MAX_STREAMED_RESPONSE_BYTES) {
          emit("shell-lambda: the streamed response of " + id + " (" + total + " bytes) is over Lambda's limit of "
              + RuntimeApiServer.MAX_STREAMED_RESPONSE_BYTES + " bytes; the caller got the first "
              + RuntimeApiServer.MAX_STREAMED_RESPONSE_BYTES);
        }
        if (error != null) {
          emit("shell-lambda: the streamed response of " + id + " ended with the error " + error[0]
              + " (in its trailers, after " + total + " bytes)");
        }
        if (!receiverGone) {
          try {
            out.end(error == null ? null : error[0], error == null ? new byte[0] : error[1].getBytes(StandardCharsets.UTF_8));
          } catch (IOException clientGone) {
            // nothing more to tell it
          }
        }
        if (error != null) {
          events.add(new Error(gen, id, error[0], error[1].getBytes(StandardCharsets.UTF_8), System.nanoTime()));
        } else {
          events.add(new Response(gen, id, new byte[0], System.nanoTime()));
        }
      }

      @Override
      public void initError(String type, byte[] body) {
        events.add(new InitError(gen, type, body, System.nanoTime()));
      }
    };
  }

  // ---- the invocation ----

  /**
   * A request as the environment runs it.
   *
   * @param invoked the function as the caller named it: its qualifier (none, a version or an
   *     alias) is in the invoked ARN the runtime gets ({@code Lambda-Runtime-Invoked-Function-Arn})
   */
  public record Call(
      String requestId,
      FunctionId invoked,
      byte[] payload,
      String clientContextJson,
      String cognitoIdentityJson,
      io.github.shelllambda.runtime.function.ResponseStream stream) {
    public Call(String requestId, FunctionId invoked, byte[] payload, String clientContextJson, String cognitoIdentityJson) {
      this(requestId, invoked, payload, clientContextJson, cognitoIdentityJson, null);
    }

    /** This call with a receiver for a streamed response (null: the response is collected). */
    public Call withStream(io.github.shelllambda.runtime.function.ResponseStream s) {
      return new Call(requestId, invoked, payload, clientContextJson, cognitoIdentityJson, s);
    }
  }

  /** The call running now (its streamed response goes to its stream, if any), or null. */
  private volatile Call currentCall;

  /**
   * Runs one invocation, cold-starting the runtime when none is running. Blocks until the
   * response, the error, the runtime's exit or the timeout.
   */
  public synchronized Invocation invoke(Call call) {
    List<String> log = new ArrayList<>();
    currentLog = log;
    currentCall = call;
    String id = call.requestId();
    boolean cold = process == null || !process.isAlive();
    OptionalDouble initMs = OptionalDouble.empty();
    long deadline;
    peakBytes = 0;
    sampler.watch(this);
    try {
      if (cold) {
        stopRuntime();
        events.clear();
        emit("INIT_START Runtime Version: provided:al2023.local\tRuntime Version ARN: local");
        long t0 = System.nanoTime();
        Outcome init = startAndAwaitReady(t0 + spec.initTimeout().toNanos());
        double ms = (System.nanoTime() - t0) / 1e6;
        if (init.kind == Kind.TIMEOUT) {
          // Lambda: init ran over its limit; it is retried as part of this invocation, under the
          // function's timeout, so a hanging top level cannot hang the caller.
          drainOutput(true);
          emit(
              "INIT_REPORT Init Duration: " + fmt(ms) + " ms\tPhase: init\tStatus: timeout");
          stopRuntime();
          long t1 = System.nanoTime();
          deadline = t1 + spec.timeout().toNanos();
          init = startAndAwaitReady(deadline);
          if (init.kind != Kind.READY) {
            return initFailure(call, log, init, t1, OptionalDouble.empty(), "invoke");
          }
          drainOutput(true);
          emit("START RequestId: " + id + " Version: " + spec.version());
          return runInvocation(call, log, true, OptionalDouble.empty(), deadline, t1);
        }
        if (init.kind != Kind.READY) {
          return initFailure(call, log, init, t0, OptionalDouble.of(ms), "init");
        }
        initMs = OptionalDouble.of(ms);
        drainOutput(true);
      }
      emit("START RequestId: " + id + " Version: " + spec.version());
      return runInvocation(call, log, cold, initMs, -1, -1);
    } finally {
      sampler.unwatch(this);
      currentLog = null;
      currentCall = null;
      output.compactIfIdle();
    }
  }

  private Invocation runInvocation(
      Call call, List<String> log, boolean cold, OptionalDouble initMs, long fixedDeadline, long fixedStart) {
    String id = call.requestId();
    long now = System.nanoTime();
    long deadline = fixedDeadline > 0 ? fixedDeadline : now + spec.timeout().toNanos();
    long deadlineEpochMs = System.currentTimeMillis() + TimeUnit.NANOSECONDS.toMillis(deadline - now);
    api.deliver(
        new RuntimeApiServer.Delivery(
            id,
            deadlineEpochMs,
            call.invoked().invokedArn(),
            traceId(),
            call.clientContextJson(),
            call.cognitoIdentityJson(),
            call.payload()));
    long start = fixedStart > 0 ? fixedStart : -1;
    byte[] payload = null;
    FunctionError error = null;
    String status = null;
    long end;
    while (true) {
      Event e = poll(deadline);
      if (e == null && stopping()) {
        end = System.nanoTime();
        kill();
        error = stopped(id);
        status = "error";
        break;
      }
      if (e == null) {
        end = System.nanoTime();
        kill();
        double secs = spec.timeout().toMillis() / 1000.0;
        String msg = "Task timed out after " + String.format(Locale.ROOT, "%.2f", secs) + " seconds";
        drainOutput(true);
        emit(DateTimeFormatter.ISO_INSTANT.format(Instant.now()) + " " + id + " " + msg);
        error = FunctionError.of("Sandbox.Timedout", "RequestId: " + id + " Error: " + msg);
        status = "timeout";
        break;
      }
      if (e instanceof Delivered d && d.id().equals(id)) {
        if (start < 0) {
          start = d.nanos();
        }
      } else if (e instanceof Response r && r.id().equals(id)) {
        end = r.nanos();
        payload = r.body();
        break;
      } else if (e instanceof Error r && r.id().equals(id)) {
        end = r.nanos();
        error = functionError(r.type(), r.body());
        break;
      } else if (e instanceof TooLarge t && t.id().equals(id)) {
        end = t.nanos();
        error =
            FunctionError.of(
                "Function.ResponseSizeTooLarge",
                "Response payload size exceeded maximum allowed payload size (" + RuntimeApiServer.MAX_RESPONSE_BYTES
                    + " bytes).");
        break;
      } else if (e instanceof Exited x && closed) {
        end = x.nanos();
        error = stopped(id);
        status = "error";
        break;
      } else if (e instanceof Exited x) {
        end = x.nanos();
        String why = exitDescription(x.status());
        drainOutput(true);
        emit("RequestId: " + id + " Error: Runtime exited with error: " + why);
        emit("Runtime.ExitError");
        error = FunctionError.of("Runtime.ExitError", "RequestId: " + id + " Error: Runtime exited with error: " + why);
        status = "error";
        kill();
        break;
      }
    }
    if (start < 0) {
      start = end;
    }
    drainOutput(true);
    if (peakBytes == 0) {
      sampler.sampleNow(this); // shorter than one sampling period: take one sample now
    }
    double durationMs = Math.max(0, (end - start) / 1e6);
    emit("END RequestId: " + id);
    Report report = report(id, durationMs, initMs, status);
    emit(report.toLogLine());
    return new Invocation(
        id,
        call.invoked(),
        spec.version(),
        error == null ? payload : error.rawBytes(),
        Optional.ofNullable(error),
        String.join("\n", log) + "\n",
        report,
        cold);
  }

  private Invocation initFailure(
      Call call, List<String> log, Outcome init, long t0, OptionalDouble initMs, String phase) {
    String id = call.requestId();
    long end = System.nanoTime();
    drainOutput(true);
    FunctionError error;
    String status = "error";
    switch (init.kind) {
      case INIT_ERROR -> error = functionError(init.errorType, init.body);
      case EXITED -> error =
          FunctionError.of(
              "Runtime.ExitError", "RequestId: " + id + " Error: Runtime exited with error: " + exitDescription(init.status));
      case NO_BOOTSTRAP -> error = FunctionError.of("Runtime.InvalidEntrypoint", "RequestId: " + id + " Error: " + init.message);
      case STOPPED -> error = stopped(id);
      default -> {
        double secs = spec.timeout().toMillis() / 1000.0;
        String msg = "Task timed out after " + String.format(Locale.ROOT, "%.2f", secs) + " seconds";
        emit(DateTimeFormatter.ISO_INSTANT.format(Instant.now()) + " " + id + " " + msg);
        error = FunctionError.of("Sandbox.Timedout", "RequestId: " + id + " Error: " + msg);
        status = "timeout";
      }
    }
    double ms = (end - t0) / 1e6;
    emit(
        "INIT_REPORT Init Duration: " + fmt(ms) + " ms\tPhase: " + phase + "\tStatus: " + status
            + ("error".equals(status) ? "\tError Type: " + error.errorType() : ""));
    stopRuntime();
    emit("START RequestId: " + id + " Version: " + spec.version());
    emit("END RequestId: " + id);
    sampler.sampleNow(this);
    Report report = report(id, 0, initMs, status);
    emit(report.toLogLine());
    return new Invocation(
        id, call.invoked(), spec.version(), error.rawBytes(), Optional.of(error), String.join("\n", log) + "\n", report, true);
  }

  private Report report(String id, double durationMs, OptionalDouble initMs, String status) {
    long mb = (peakBytes + (1 << 20) - 1) >> 20;
    return new Report(
        id,
        durationMs,
        Report.billed(durationMs, initMs),
        spec.memorySizeMb(),
        mb,
        initMs,
        spec.emulated(),
        Optional.ofNullable(status));
  }

  private static FunctionError functionError(String headerType, byte[] body) {
    String raw = body == null ? "" : new String(body, StandardCharsets.UTF_8);
    String type = headerType;
    String message = null;
    try {
      JsonNode n = JSON.readTree(raw);
      if (n != null && n.isObject()) {
        if (type == null && n.hasNonNull("errorType")) {
          type = n.get("errorType").asText(); // the Lambda-Runtime-Function-Error-Type header wins
        }
        if (n.hasNonNull("errorMessage")) {
          message = n.get("errorMessage").asText();
        }
        return new FunctionError(type == null ? "Unhandled" : type, message == null ? "" : message, raw);
      }
    } catch (IOException e) {
      // not JSON: Lambda passes the body on as it is
    }
    if (raw.isEmpty()) {
      return FunctionError.of(type == null ? "Unhandled" : type, "");
    }
    return new FunctionError(type == null ? "Unhandled" : type, raw, raw);
  }

  static String exitDescription(int status) {
    if (status > 128 && status < 160) {
      int sig = status - 128;
      String name =
          switch (sig) {
            case 9 -> "killed";
            case 15 -> "terminated";
            case 11 -> "segmentation fault";
            case 6 -> "aborted";
            case 2 -> "interrupt";
            case 1 -> "hangup";
            default -> "signal " + sig;
          };
      return "signal: " + name;
    }
    return "exit status " + status;
  }

  // ---- starting and stopping the runtime ----

  private enum Kind {
    READY,
    INIT_ERROR,
    EXITED,
    TIMEOUT,
    NO_BOOTSTRAP,
    /** The function was closed, or the caller's thread interrupted, before the runtime was ready. */
    STOPPED
  }

  private record Outcome(Kind kind, String errorType, byte[] body, int status, String message) {
    static Outcome of(Kind k) {
      return new Outcome(k, null, null, 0, null);
    }
  }

  private Outcome startAndAwaitReady(long deadline) {
    if (spec.bootstrapCommand() == null) {
      return new Outcome(Kind.NO_BOOTSTRAP, null, null, 0, spec.bootstrapProblem());
    }
    if (stopping()) {
      return Outcome.of(Kind.STOPPED);
    }
    int gen = ++generation;
    try {
      api = RuntimeApiServer.start(listener(gen), "shell-lambda-" + spec.function().name() + "-env" + index + "-api");
      Map<String, String> env = new java.util.LinkedHashMap<>(spec.baseEnvironment());
      env.put("AWS_LAMBDA_RUNTIME_API", api.address());
      env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStream);
      env.put("TMPDIR", tmp.toString());
      ProcessBuilder pb = new ProcessBuilder(spec.bootstrapCommand());
      pb.environment().clear();
      pb.environment().putAll(env);
      pb.directory(spec.taskDirectory().toFile());
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(output.file().toFile()));
      process = pb.start();
      session = process.pid();
      Process p = process;
      p.onExit().thenAccept(x -> events.add(new Exited(gen, x.exitValue(), System.nanoTime())));
    } catch (IOException e) {
      stopRuntime();
      return new Outcome(
          Kind.NO_BOOTSTRAP, null, null, 0,
          "cannot start the bootstrap " + spec.bootstrapCommand() + ": " + e.getMessage()
              + " (is it executable? the zip must store mode 0755 for it)");
    }
    while (true) {
      Event e = poll(deadline);
      if (e == null) {
        return Outcome.of(stopping() ? Kind.STOPPED : Kind.TIMEOUT);
      }
      if (e instanceof Ready) {
        return Outcome.of(Kind.READY);
      }
      if (e instanceof InitError ie) {
        return new Outcome(Kind.INIT_ERROR, ie.type(), ie.body(), 0, null);
      }
      if (e instanceof Exited x) {
        return closed ? Outcome.of(Kind.STOPPED) : new Outcome(Kind.EXITED, null, null, x.status(), null);
      }
    }
  }

  /**
   * True when the invocation must end now for a reason other than its own timeout: the function
   * was closed, or the calling thread was interrupted (its caller went away). Reporting either as
   * "Task timed out" would be false.
   */
  private boolean stopping() {
    return closed || Thread.currentThread().isInterrupted();
  }

  /** The error of an invocation ended by {@link #stopping()}, logged with the request id. */
  private FunctionError stopped(String id) {
    String why = closed
        ? "the local function was stopped (reloaded or shut down) while this invocation ran"
        : "the invocation was interrupted: its caller stopped waiting for it";
    drainOutput(true);
    emit("RequestId: " + id + " Error: " + why);
    return FunctionError.of(STOPPED_ERROR_TYPE, "RequestId: " + id + " Error: " + why);
  }

  /** The next event of the current runtime, or null at the deadline. */
  private Event poll(long deadlineNanos) {
    while (true) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      Event e;
      try {
        e = events.poll(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return null;
      }
      if (e == null) {
        return null;
      }
      if (e.gen() == generation) {
        return e;
      }
    }
  }

  private void kill() {
    long sid = session;
    if (process != null) {
      process.destroyForcibly();
    }
    if (sid > 0) {
      ProcessTable.killSession(sid);
    }
    if (process != null) {
      try {
        process.waitFor(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void stopRuntime() {
    kill();
    process = null;
    session = -1;
    if (api != null) {
      api.close();
      api = null;
    }
  }

  // ---- output and memory ----

  private void emit(String line) {
    List<String> log = currentLog;
    if (log != null) {
      synchronized (log) {
        log.add(line);
      }
    }
    spec.sink().line(line);
  }

  private void outputLine(String line) {
    emit(line);
    CommandNotFound.explain(line, spec.inventory(), spec.layerBins(), spec.hostPath()).ifPresent(this::emit);
  }

  private void drainOutput(boolean flushPartial) {
    output.drain(this::outputLine, flushPartial);
  }

  @Override
  public void drainOutput() {
    drainOutput(false);
  }

  @Override
  public long session() {
    return session;
  }

  @Override
  public void observe(long residentBytes) {
    if (residentBytes > peakBytes) {
      peakBytes = residentBytes;
    }
  }

  /** True when a runtime process is running (the next invocation is warm). */
  public boolean warm() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /**
   * Kills the runtime's process tree and closes its Runtime API server, without waiting: an
   * invocation in progress ends at once with a {@value #STOPPED_ERROR_TYPE} error. Idempotent.
   */
  public void stop() {
    if (closed) {
      return;
    }
    closed = true;
    // Not synchronized: stop must be able to end an invocation in progress.
    Process p = process;
    long sid = session;
    if (p != null) {
      p.destroyForcibly();
    }
    if (sid > 0) {
      ProcessTable.killSession(sid);
    }
    RuntimeApiServer a = api;
    if (a != null) {
      a.close();
    }
  }

  /**
   * {@link #stop() Stops}, waits for an invocation in progress to return (it does promptly once
   * its runtime is gone), then closes the captured output, which that invocation reads up to its
   * last line.
   */
  @Override
  public void close() {
    stop();
    synchronized (this) {
      try {
        output.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  // ---- ids ----

  static String traceId() {
    long t = System.currentTimeMillis() / 1000;
    return "Root=1-" + Long.toHexString(t) + "-" + hex(12) + ";Parent=" + hex(8) + ";Sampled=0;Lineage=1:" + hex(4) + ":0";
  }

  static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String fmt(double ms) {
    return String.format(Locale.ROOT, "%.2f", ms);
  }
}
