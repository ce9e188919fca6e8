package io.github.shelllambda.runtime;

import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.function.FunctionId;
import io.github.shelllambda.runtime.function.InvalidRequestContentException;
import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.function.InvokeRequest;
import io.github.shelllambda.runtime.function.LogSink;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A function started locally, like Lambda runs it: execution environments created on demand (up
 * to {@link Builder#maxConcurrency}), each running the function's real bootstrap and handler as
 * local processes, reused while warm. Closing it kills every process, stops every thread and
 * removes its temporary files.
 *
 * <pre>{@code
 * try (LocalFunction fn = LocalFunction.builder()
 *         .functionZip(Path.of("target/my-fn.zip"))
 *         .layer(Path.of("target/shell-lambda-bootstrap-x86_64.zip"))
 *         .functionName("my-fn").handler("handler.run")
 *         .architecture(Architecture.X86_64)
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

  /** Variables Lambda sets itself and refuses in a function's configuration. */
  static final Set<String> RESERVED =
      Set.of(
          "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV",
          "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
          "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
          "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

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
  private boolean closed;

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

  public Architecture architecture() {
    return spec.architecture();
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

  /** Execution environments at most (the builder's {@code maxConcurrency}). */
  public int maxConcurrency() {
    return maxConcurrency;
  }

  /** Execution environments created so far. */
  public synchronized int environmentCount() {
    return all.size();
  }

  /**
   * Invokes the function synchronously (RequestResponse) in a free execution environment.
   *
   * @throws RequestTooLargeException payload over {@value #MAX_REQUEST_BYTES} bytes
   * @throws InvalidRequestContentException payload not JSON, or client context not base64 JSON
   * @throws TooManyRequestsException all {@code maxConcurrency} environments are busy
   * @throws ResourceNotFoundException a qualifier other than {@code $LATEST}
   */
  public Invocation invoke(InvokeRequest request) {
    ExecutionEnvironment.Call call = validate(request);
    ExecutionEnvironment env = acquire(false);
    try {
      return env.invoke(call);
    } finally {
      release(env);
    }
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
        throw new IllegalStateException("the local function " + id.name() + " is closed");
      }
      if (queuedEventBytes + call.payload().length > MAX_QUEUED_EVENT_BYTES || !events.offer(call)) {
        throw new TooManyRequestsException(
            "Rate Exceeded. " + MAX_QUEUED_EVENTS + " asynchronous invocations of " + id.name()
                + " are already queued locally (" + queuedEventBytes + " payload bytes)");
      }
      queuedEventBytes += call.payload().length;
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
      ExecutionEnvironment env = acquire(true);
      if (env == null) {
        return;
      }
      try {
        env.invoke(call);
      } catch (RuntimeException e) {
        spec.sink().line("shell-lambda: asynchronous invocation " + call.requestId() + " failed: " + e.getMessage());
      } finally {
        release(env);
      }
    }
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
    FunctionId invoked = id;
    if (r.qualifier() != null) {
      if (!r.qualifier().equals(FunctionId.LATEST)) {
        throw new ResourceNotFoundException("Function not found: " + id.arn() + ":" + r.qualifier());
      }
      invoked = id.withQualifier(r.qualifier());
    }
    return new ExecutionEnvironment.Call(
        UUID.randomUUID().toString(), invoked, r.payload(), clientContext, r.cognitoIdentity());
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

  /** Kills every runtime process, stops every thread, removes the work directory when it made it. */
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
      e.close();
    }
    if (worker != null) {
      try {
        worker.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // an invocation in progress returns once its runtime is gone: wait for it before deleting files
    for (ExecutionEnvironment e : envs) {
      synchronized (e) {
        // acquiring the monitor waits for invoke() to finish
      }
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

  /** Configuration of a local function; {@link #start()} prepares it (no environment runs yet). */
  public static final class Builder {
    private Path functionZip;
    private Path taskDirectory;
    private final List<Path> layers = new ArrayList<>();
    private String functionName;
    private String region = FunctionId.DEFAULT_REGION;
    private String handler = "handler.run";
    private int memorySizeMb = 128;
    private Duration timeout = Duration.ofSeconds(3);
    private Duration initTimeout = LAMBDA_INIT_TIMEOUT;
    private Architecture architecture = Architecture.host().orElse(Architecture.X86_64);
    private final Map<String, String> environment = new LinkedHashMap<>();
    private boolean hostPath;
    private int maxConcurrency = 4;
    private LogSink logSink = LogSink.none();
    private Path workDirectory;
    private String emulatorSearchPath;

    private Builder() {}

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

    public Builder functionName(String name) {
      this.functionName = name;
      return this;
    }

    /** The region the function believes it is in (AWS_REGION); default {@code us-east-1}. */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** {@code _HANDLER}; default {@code handler.run}. */
    public Builder handler(String handler) {
      this.handler = handler;
      return this;
    }

    /** MB, 128..10240; default 128. */
    public Builder memorySizeMb(int mb) {
      this.memorySizeMb = mb;
      return this;
    }

    /** Seconds, 1..900; default 3 (Lambda's default). */
    public Builder timeoutSeconds(int seconds) {
      this.timeout = Duration.ofSeconds(seconds);
      return this;
    }

    /** The function timeout with sub-second precision (tests); 1 ms..900 s. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
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

    /** Default: the host's architecture. */
    public Builder architecture(Architecture architecture) {
      this.architecture = Objects.requireNonNull(architecture);
      return this;
    }

    /** The function's variables (and AWS credentials when passed on purpose). Lambda's reserved names are refused. */
    public Builder environment(Map<String, String> vars) {
      vars.forEach(this::environmentVariable);
      return this;
    }

    public Builder environmentVariable(String name, String value) {
      if (RESERVED.contains(name)) {
        throw new IllegalArgumentException(
            "environment variable " + name + " is reserved: Lambda sets it itself and refuses it in a function's"
                + " configuration; remove it from the environment"
                + (name.equals("AWS_REGION") || name.equals("AWS_DEFAULT_REGION") ? " (set the region instead)" : ""));
      }
      environment.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
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
      if (functionZip == null && taskDirectory == null) {
        throw new IllegalArgumentException("no function: give functionZip(Path) or taskDirectory(Path)");
      }
      if (functionName == null) {
        throw new IllegalArgumentException("no function name: give functionName(String)");
      }
      if (memorySizeMb < 128 || memorySizeMb > 10240) {
        throw new IllegalArgumentException("memory size " + memorySizeMb + " MB is outside Lambda's 128..10240 MB");
      }
      if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(900)) > 0) {
        throw new IllegalArgumentException("timeout " + timeout.toSeconds() + " s is outside Lambda's 1..900 s");
      }
      if (maxConcurrency < 1) {
        throw new IllegalArgumentException("maxConcurrency must be at least 1, is " + maxConcurrency);
      }
      FunctionId fid = FunctionId.local(functionName, region);
      boolean owns = workDirectory == null;
      Path work =
          owns
              ? Files.createTempDirectory("shell-lambda-" + functionName + "-")
              : Files.createDirectories(workDirectory.resolve(functionName + "-" + SERIAL.incrementAndGet()));
      try {
        EnvironmentSpec spec =
            FunctionSetup.prepare(
                new FunctionSetup.Request(
                    fid, functionZip, taskDirectory, List.copyOf(layers), handler, memorySizeMb, timeout, initTimeout,
                    architecture, Map.copyOf(environment), hostPath, logSink, work, emulatorSearchPath));
        MemorySampler sampler = new MemorySampler("shell-lambda-" + functionName + "-sampler");
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
