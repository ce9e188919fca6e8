package io.github.shelllambda.runtime;

import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import io.github.shelllambda.runtime.function.FunctionId;
import io.github.shelllambda.runtime.function.InvalidRequestContentException;
import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.function.InvokeRequest;
import io.github.shelllambda.runtime.function.LogSink;
import io.github.shelllambda.runtime.function.RequestIds;
import io.github.shelllambda.runtime.function.RequestTooLargeException;
import io.github.shelllambda.runtime.function.ResourceNotFoundException;
import io.github.shelllambda.runtime.function.TooManyRequestsException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.shelllambda.runtime.env.EnvironmentSpec;
import io.github.shelllambda.runtime.env.ExecutionEnvironment;
import io.github.shelllambda.runtime.env.FunctionSetup;
import io.github.shelllambda.runtime.env.MemorySampler;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A function started locally, like Lambda runs it: execution environments created on demand (up
 * to {@link Builder#maxConcurrency}), each running the function's real bootstrap and handler as
 * local processes, reused while warm. Closing it kills every process, stops every thread and
 * removes its temporary files.
 *
 * <pre>{@code
 * FunctionConfiguration config = FunctionConfiguration.builder("my-fn")
 *     .handler("handler.run").architecture(Architecture.X86_64).build();
 * try (LocalFunction fn = LocalFunction.builder()
 *         .configuration(config)
 *         .functionZip(Path.of("target/my-fn.zip"))
 *         .layer(Path.of("target/shell-lambda-bootstrap-x86_64.zip"))
 *         .start()) {
 *   Invocation inv = fn.invoke(InvokeRequest.of("{\"name\":\"world\"}"));
 *   System.out.println(inv.payloadAsString() + "\n" + inv.report().toLogLine());
 * }
 * }</pre>
 */
public final class LocalFunction implements Closeable {
  /** Lambda's limit on a synchronous invocation's request payload. */
  public static final int MAX_REQUEST_BYTES = 6_291_456;

  /**
   * Lambda's limit on an asynchronous ({@code Event}) invocation's payload: "For asynchronous
   * invocations, the maximum payload size is 1 MB" (Invoke API reference).
   */
  public static final int MAX_ASYNC_REQUEST_BYTES = 1_048_576;

  /** Asynchronous invocations queued per function at most; one more is refused with 429. */
  public static final int MAX_QUEUED_EVENTS = 1_000;

  /** Payload bytes queued per function at most (the queue lives in the build's JVM); beyond: 429. */
  public static final long MAX_QUEUED_EVENT_BYTES = 64L * 1024 * 1024;

  /** Lambda's limit on init (from start to the runtime's first {@code /next}). */
  public static final Duration LAMBDA_INIT_TIMEOUT = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger SERIAL = new AtomicInteger();

  private final FunctionId id;
  private final EnvironmentSpec spec;
  private final int maxConcurrency;
  private final Path workDirectory;
  private final boolean ownsWorkDirectory;
  private final MemorySampler sampler;
  private final List<ExecutionEnvironment> all = new ArrayList<>();
  private final Deque<ExecutionEnvironment> idle = new ArrayDeque<>();
  private final BlockingQueue<ExecutionEnvironment.Call> events = new ArrayBlockingQueue<>(MAX_QUEUED_EVENTS);
  private long queuedEventBytes;
  private Thread eventWorker;
  private final List<Consumer<Invocation>> listeners = new CopyOnWriteArrayList<>();
  private boolean closed;
  /** Invocations accepted and not yet returned (sync running, async queued or running); guarded by this. */
  private int inFlight;
  /** Where invocations go once this function is closed (see {@link #forwardTo}); null: refused. */
  private volatile LocalFunction successor;

  private LocalFunction(Builder b, EnvironmentSpec spec, Path work, boolean owns, MemorySampler sampler) {
    this.id = spec.function();
    this.spec = spec;
    this.maxConcurrency = b.maxConcurrency;
    this.workDirectory = work;
    this.ownsWorkDirectory = owns;
    this.sampler = sampler;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The function's unqualified identity. */
  public FunctionId id() {
    return id;
  }

  /** The version this function runs as: {@code $LATEST} unless the builder's {@code version} said otherwise. */
  public String version() {
    return spec.version();
  }

  public Architecture architecture() {
    return spec.architecture();
  }

  /** The configuration this function runs with. */
  public FunctionConfiguration configuration() {
    return spec.configuration();
  }

  /** True when the bootstrap runs under qemu-user (figures are marked "(emulated)"). */
  public boolean emulated() {
    return spec.emulated();
  }

  /** Where the task folder, the layers and the environments live (removed on close unless given to the builder). */
  public Path workDirectory() {
    return workDirectory;
  }

  /** Writes a line to the function's log sink (e.g. a Function URL's note about the response). */
  public void log(String line) {
    spec.sink().line(line);
  }

  /**
   * Calls {@code listener} with every invocation that ran to its end (succeeded, failed or timed
   * out), whoever started it: {@link #invoke}, an Event invocation, the Invoke API or a Function
   * URL. It is called on the invoking thread before {@link #invoke} returns, and so before the
   * front door answers the HTTP request: a caller holding the answer's {@code x-amzn-RequestId}
   * finds the {@link Invocation} (and its {@link Invocation#report()}) of that id already given
   * to the listener. Requests refused before they ran (throttled, invalid) have no invocation.
   */
  public void addInvocationListener(Consumer<Invocation> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void removeInvocationListener(Consumer<Invocation> listener) {
    listeners.remove(listener);
  }

  private Invocation finished(Invocation inv) {
    for (Consumer<Invocation> l : listeners) {
      try {
        l.accept(inv);
      } catch (RuntimeException e) {
        spec.sink().warning("an invocation listener failed on request " + inv.requestId() + ": " + e);
      }
    }
    return inv;
  }

  /** Execution environments at most (the builder's {@code maxConcurrency}). */
  public int maxConcurrency() {
    return maxConcurrency;
  }

  /** Execution environments created so far. */
  public synchronized int environmentCount() {
    return all.size();
  }

  /**
   * Invokes the function synchronously (RequestResponse) in a free execution environment, under
   * the request's {@link InvokeRequest#requestId()} (a new id when it has none).
   *
   * @throws RequestTooLargeException payload over {@value #MAX_REQUEST_BYTES} bytes
   * @throws InvalidRequestContentException payload not JSON, or client context not base64 JSON
   * @throws TooManyRequestsException all {@code maxConcurrency} environments are busy
   * @throws ResourceNotFoundException a qualifier other than this function's {@link #version()}
   *     (unless {@linkplain InvokeRequest#withResolvedQualifier resolved} to it by a control plane)
   */
  public Invocation invoke(InvokeRequest request) {
    return invoke(request, null);
  }

  /**
   * Whether this function streams its response: its environment sets {@code
   * SHELL_LAMBDA_RESPONSE_STREAM} to {@code 1} or {@code true} (the bootstrap then streams stdout,
   * and the local Function URL passes it on as it comes, like a URL with invoke mode {@code
   * RESPONSE_STREAM}).
   */
  public boolean streamsResponses() {
    String v = spec.configuration().environment().get("SHELL_LAMBDA_RESPONSE_STREAM");
    return "1".equals(v) || "true".equals(v);
  }

  /**
   * Like {@link #invoke(InvokeRequest)}, with a response the runtime streams passed to {@code
   * stream} as it arrives (the returned invocation's payload is then empty); a response the runtime
   * does not stream is in the returned invocation as usual.
   */
  public Invocation invoke(InvokeRequest request, io.github.shelllambda.runtime.function.ResponseStream stream) {
    ExecutionEnvironment.Call call = validate(request).withStream(stream);
    begin();
    Invocation inv;
    try {
      ExecutionEnvironment env;
      try {
        env = acquire(false);
      } catch (IllegalStateException closedNow) {
        LocalFunction next = successor;
        if (next == null) {
          throw closedNow;
        }
        return next.invoke(request.withRequestId(call.requestId()), stream); // the same request, the same id
      }
      try {
        inv = env.invoke(call);
      } finally {
        release(env);
      }
    } finally {
      done();
    }
    return finished(inv);
  }

  /**
   * Queues an asynchronous (Event) invocation, as Lambda does for {@code X-Amz-Invocation-Type:
   * Event}: validated now (payload up to {@value #MAX_ASYNC_REQUEST_BYTES} bytes), put on this
   * function's queue (at most {@value #MAX_QUEUED_EVENTS} events and {@value #MAX_QUEUED_EVENT_BYTES}
   * bytes waiting), run one at a time by one
   * thread when an environment is free; its log goes to the log sink only.
   *
   * @throws RequestTooLargeException payload over {@value #MAX_ASYNC_REQUEST_BYTES} bytes
   * @throws TooManyRequestsException the queue is full
   * @throws InvalidRequestContentException payload not JSON
   */
  public void invokeAsync(InvokeRequest request) {
    if (request.payload().length > MAX_ASYNC_REQUEST_BYTES) {
      throw new RequestTooLargeException(
          "Request must be smaller than " + MAX_ASYNC_REQUEST_BYTES + " bytes for the InvokeFunction operation"
              + " with InvocationType Event");
    }
    ExecutionEnvironment.Call call = validate(request);
    synchronized (this) {
      if (closed) {
        LocalFunction next = successor;
        if (next != null) {
          next.invokeAsync(request.withRequestId(call.requestId())); // the same request, the same id
          return;
        }
        throw new IllegalStateException("the local function " + id.name() + " is closed");
      }
      if (queuedEventBytes + call.payload().length > MAX_QUEUED_EVENT_BYTES || !events.offer(call)) {
        throw new TooManyRequestsException(
            "Rate Exceeded. " + MAX_QUEUED_EVENTS + " asynchronous invocations of " + id.name()
                + " are already queued locally (" + queuedEventBytes + " payload bytes)");
      }
      queuedEventBytes += call.payload().length;
      inFlight++; // a queued event counts until it ran: a drain waits for it
      if (eventWorker == null) {
        eventWorker = new Thread(this::runEvents, "shell-lambda-" + id.name() + "-events");
        eventWorker.setDaemon(true);
        eventWorker.start();
      }
    }
  }

  /** Asynchronous invocations queued and not started yet. */
  public int queuedEvents() {
    return events.size();
  }

  private void runEvents() {
    while (true) {
      ExecutionEnvironment.Call call;
      try {
        call = events.take();
      } catch (InterruptedException e) {
        return;
      }
      synchronized (this) {
        queuedEventBytes -= call.payload().length;
      }
      try {
        ExecutionEnvironment env = acquire(true);
        if (env == null) {
          return;
        }
        Invocation inv;
        try {
          inv = env.invoke(call);
        } finally {
          release(env);
        }
        finished(inv);
      } catch (RuntimeException e) {
        spec.sink().line("shell-lambda: asynchronous invocation " + call.requestId() + " failed: " + e.getMessage());
      } finally {
        done();
      }
    }
  }

  /**
   * Sends invocations that reach this function after it was closed to {@code next} (its reloaded
   * build) instead of refusing them: a request routed here just before a reload swapped the
   * functions is served by the new one.
   */
  public void forwardTo(LocalFunction next) {
    this.successor = next;
  }

  private synchronized boolean closed() {
    return closed;
  }

  private synchronized void begin() {
    inFlight++;
  }

  private synchronized void done() {
    inFlight--;
    notifyAll();
  }

  /**
   * How long one invocation can run at most: the init limit (a cold start) plus the timeout. A
   * drain bounded by it lets every running invocation end by itself.
   */
  public Duration longestInvocation() {
    return spec.initTimeout().plus(spec.timeout());
  }

  /**
   * Waits until no invocation is running or queued, at most {@code max}; new invocations are
   * still accepted meanwhile (stop routing them here first).
   *
   * @return true when none is left
   */
  public boolean drain(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (this) {
      while (inFlight > 0 && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return inFlight == 0;
    }
  }

  /**
   * What a reload does with the function it replaces: lets the running invocations finish (at
   * most {@link #longestInvocation()} plus a second for the runtime to report its own timeout),
   * then {@link #close() closes}. An invocation still running then ends with a {@value
   * ExecutionEnvironment#STOPPED_ERROR_TYPE} error, never a false timeout.
   *
   * @return true when every invocation finished by itself
   */
  public boolean drainAndClose() {
    boolean drained = false;
    try {
      drained = drain(longestInvocation().plusSeconds(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      close();
    }
    return drained;
  }

  /** Checks a request as the Invoke API does, without running it (DryRun). */
  public void validateOnly(InvokeRequest request) {
    validate(request);
  }

  private ExecutionEnvironment.Call validate(InvokeRequest r) {
    if (r.payload().length > MAX_REQUEST_BYTES) {
      throw new RequestTooLargeException(
          "Request must be smaller than " + MAX_REQUEST_BYTES + " bytes for the InvokeFunction operation");
    }
    if (r.payload().length > 0) {
      checkJson(r.payload(), "Could not parse request body into json: ");
    }
    String clientContext = null;
    if (r.clientContext() != null) {
      try {
        byte[] decoded = Base64.getDecoder().decode(r.clientContext());
        checkJson(decoded, "Client context must be a valid Base64-encoded JSON object: ");
        clientContext = new String(decoded, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestContentException("Client context must be a valid Base64-encoded JSON object.");
      }
    }
    // Lambda passes the qualifier the caller used on to the runtime (the invoked ARN): this
    // version's own, or an alias a control plane routed here; any other names another function.
    FunctionId invoked = id;
    String q = r.qualifier();
    if (q != null) {
      boolean routedAlias = r.qualifierResolved() && !FunctionId.isVersion(q);
      if (!q.equals(spec.version()) && !routedAlias) {
        throw new ResourceNotFoundException("Function not found: " + id.arn() + ":" + q);
      }
      invoked = id.withQualifier(q);
    }
    return new ExecutionEnvironment.Call(
        r.requestId() != null ? r.requestId() : RequestIds.mint(), invoked, r.payload(), clientContext, r.cognitoIdentity());
  }

  private static void checkJson(byte[] bytes, String prefix) {
    try (JsonParser p = JSON.getFactory().createParser(bytes)) {
      if (p.nextToken() == null) {
        throw new InvalidRequestContentException(prefix + "no JSON value");
      }
      p.skipChildren();
      if (p.nextToken() != null) {
        throw new InvalidRequestContentException(prefix + "unexpected content after the JSON value");
      }
    } catch (IOException e) {
      String m = e.getMessage() == null ? "" : e.getMessage();
      int nl = m.indexOf('\n');
      throw new InvalidRequestContentException(prefix + (nl > 0 ? m.substring(0, nl) : m));
    }
  }

  private ExecutionEnvironment acquire(boolean wait) {
    synchronized (this) {
      while (true) {
        if (closed) {
          if (wait) {
            return null;
          }
          throw new IllegalStateException("the local function " + id.name() + " is closed");
        }
        ExecutionEnvironment e = idle.pollFirst();
        if (e != null) {
          return e;
        }
        if (all.size() < maxConcurrency) {
          try {
            ExecutionEnvironment created = new ExecutionEnvironment(spec, all.size() + 1, sampler);
            all.add(created);
            return created;
          } catch (IOException ex) {
            throw new UncheckedIOException("cannot create an execution environment in " + workDirectory, ex);
          }
        }
        if (!wait) {
          throw new TooManyRequestsException("Rate Exceeded.");
        }
        try {
          wait();
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }
  }

  private synchronized void release(ExecutionEnvironment e) {
    if (!closed) {
      idle.addFirst(e); // most recently used first: it is the warm one
      notifyAll();
    }
  }

  /**
   * Kills every runtime process at once (an invocation in progress ends with a {@value
   * ExecutionEnvironment#STOPPED_ERROR_TYPE} error), stops every thread, removes the work
   * directory when it made it. {@link #drainAndClose()} lets running invocations finish first.
   */
  @Override
  public void close() {
    List<ExecutionEnvironment> envs;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      envs = new ArrayList<>(all);
      notifyAll();
    }
    // Stop the event worker and kill every runtime first (invocations in progress end with a
    // "stopped" error), then wait for each invocation to return before its output and files go.
    Thread worker;
    synchronized (this) {
      worker = eventWorker;
      events.clear();
      queuedEventBytes = 0;
    }
    if (worker != null) {
      worker.interrupt();
    }
    for (ExecutionEnvironment e : envs) {
      e.stop();
    }
    if (worker != null) {
      try {
        worker.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (ExecutionEnvironment e : envs) {
      e.close();
    }
    sampler.close();
    if (ownsWorkDirectory) {
      deleteTree(workDirectory);
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // best effort: a file a stray process still writes to
    }
  }

  /**
   * A local function: its {@link FunctionConfiguration} (what Lambda would be given), its code (a
   * zip or a folder, and the layer zips), and what only a local run has. {@link #start()}
   * prepares it (no environment runs yet).
   */
  public static final class Builder {
    private FunctionConfiguration configuration;
    private Path functionZip;
    private Path taskDirectory;
    private final List<Path> layers = new ArrayList<>();
    private String version = FunctionId.LATEST;
    private String region = FunctionId.DEFAULT_REGION;
    private Duration initTimeout = LAMBDA_INIT_TIMEOUT;
    private final Map<String, String> localCredentials = new LinkedHashMap<>();
    private boolean hostPath;
    private int maxConcurrency = 4;
    private LogSink logSink = LogSink.none();
    private Path workDirectory;
    private String emulatorSearchPath;

    private Builder() {}

    /**
     * The function's configuration (name, handler, architecture, memory, timeout, environment),
     * checked once by {@link FunctionConfiguration.Builder#build()}. Required.
     */
    public Builder configuration(FunctionConfiguration configuration) {
      this.configuration = Objects.requireNonNull(configuration);
      return this;
    }

    /** The function zip, extracted as the task root ({@code LAMBDA_TASK_ROOT}). */
    public Builder functionZip(Path zip) {
      this.functionZip = zip;
      this.taskDirectory = null;
      return this;
    }

    /** An unpacked function folder used as the task root as it is (instead of a zip). */
    public Builder taskDirectory(Path dir) {
      this.taskDirectory = dir;
      this.functionZip = null;
      return this;
    }

    /** A layer zip; repeatable, in order: a later layer overwrites an earlier one's files. */
    public Builder layer(Path layerZip) {
      layers.add(Objects.requireNonNull(layerZip));
      return this;
    }

    public Builder layers(List<Path> layerZips) {
      layerZips.forEach(this::layer);
      return this;
    }

    /**
     * The version this function runs as, as Lambda runs a published version: {@code
     * AWS_LAMBDA_FUNCTION_VERSION}, the START line's {@code Version:}, {@code
     * X-Amz-Executed-Version}, and the one qualifier it answers besides none. {@code $LATEST} (the
     * default) or a version number; the control plane starts each published version with its own.
     */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /** The region the function believes it is in (AWS_REGION); default {@code us-east-1}. */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region);
      return this;
    }

    /**
     * AWS credentials handed to the function on purpose ({@code AWS_ACCESS_KEY_ID}, {@code
     * AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}), as Lambda hands over the execution
     * role's. They are not configuration: Lambda reserves these names and refuses them in a
     * function's environment, so {@link FunctionConfiguration} does too, and this is the only way
     * in. Other names are refused. Values are never logged. Default none.
     */
    public Builder localCredentials(Map<String, String> credentials) {
      localCredentials.clear();
      localCredentials.putAll(credentials);
      return this;
    }

    /**
     * The init limit: Lambda's is 10 s ({@link #LAMBDA_INIT_TIMEOUT}, the default). An init that
     * runs over it is retried within the first invocation under the function's timeout.
     */
    public Builder initTimeout(Duration initTimeout) {
      this.initTimeout = initTimeout;
      return this;
    }

    /** True: the host's whole PATH instead of provided.al2023's command set. Default false. */
    public Builder hostPath(boolean hostPath) {
      this.hostPath = hostPath;
      return this;
    }

    /** Execution environments at most; an invocation beyond gets TooManyRequestsException. Default 4. */
    public Builder maxConcurrency(int n) {
      this.maxConcurrency = n;
      return this;
    }

    public Builder logSink(LogSink sink) {
      this.logSink = Objects.requireNonNull(sink);
      return this;
    }

    /** Where environments are created; kept on close. Default: a temporary folder, removed on close. */
    public Builder workDirectory(Path dir) {
      this.workDirectory = dir;
      return this;
    }

    /** Where to look for qemu-user instead of PATH (tests: "" for a host without it). */
    Builder emulatorSearchPath(String searchPath) {
      this.emulatorSearchPath = searchPath;
      return this;
    }

    /** Extracts the zips, prepares PATH and the bootstrap; starts no process yet. */
    public LocalFunction start() throws IOException {
      if (configuration == null) {
        throw new IllegalArgumentException("no configuration: give configuration(FunctionConfiguration)");
      }
      if (functionZip == null && taskDirectory == null) {
        throw new IllegalArgumentException("no function: give functionZip(Path) or taskDirectory(Path)");
      }
      if (maxConcurrency < 1) {
        throw new IllegalArgumentException("maxConcurrency must be at least 1, is " + maxConcurrency);
      }
      String name = configuration.functionName();
      boolean owns = workDirectory == null;
      Path work =
          owns
              ? Files.createTempDirectory("shell-lambda-" + name + "-")
              : Files.createDirectories(workDirectory.resolve(name + "-" + SERIAL.incrementAndGet()));
      try {
        EnvironmentSpec spec =
            FunctionSetup.prepare(
                new FunctionSetup.Request(
                    configuration, version, region, functionZip, taskDirectory, layers, initTimeout, localCredentials,
                    hostPath, logSink, work, emulatorSearchPath));
        MemorySampler sampler = new MemorySampler("shell-lambda-" + name + "-sampler");
        return new LocalFunction(this, spec, work, owns, sampler);
      } catch (IOException | RuntimeException e) {
        if (owns) {
          deleteTree(work);
        }
        throw e;
      }
    }
  }
}
