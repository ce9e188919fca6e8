package io.github.shelllambda.runtime.controlplane;

import io.github.shelllambda.runtime.LocalFunction;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import io.github.shelllambda.runtime.function.FunctionId;
import io.github.shelllambda.runtime.function.LogSink;
import io.github.shelllambda.runtime.function.ResourceNotFoundException;
import io.github.shelllambda.runtime.function.TooManyRequestsException;
import io.github.shelllambda.runtime.http.HttpRequest;
import io.github.shelllambda.runtime.http.HttpResponse;
import io.github.shelllambda.runtime.lambdaapi.LambdaApi;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The local Lambda control plane: functions, code, configuration, versions, aliases with weighted
 * routing, and layers, kept under a state directory and served through the front door's Lambda
 * API ({@link #routes()}). What is deployed here runs: {@link #invokeTarget} gives the {@link
 * LocalFunction} of the version an invocation resolves to (an alias picks its extra version with
 * its weight).
 *
 * <p>Behaves as the service does where deploy tools depend on it: CreateFunction answers {@code
 * State: Pending}, updates {@code LastUpdateStatus: InProgress}, both settle after {@link
 * Builder#stateDelay} with a new RevisionId, and while in progress further updates get 409;
 * RevisionId and CodeSha256 guards; PublishVersion with nothing changed returns the last version.
 *
 * <p>Thread-safe: one lock guards the state; every acknowledged change is on disk first ({@link
 * StateFile}).
 */
public final class ControlPlane implements LambdaApi.Plane, Closeable {
  /** How long Pending / InProgress last by default: long enough that clients must wait, as on Lambda. */
  public static final Duration DEFAULT_STATE_DELAY = Duration.ofMillis(300);

  /** Lambda's limit on a direct (ZipFile) upload. */
  public static final long MAX_ZIP_BYTES = 52_428_800L;

  /** Lambda's limit on a function's code and layers unzipped. */
  public static final long MAX_UNZIPPED_BYTES = 262_144_000L;

  /** Lambda's limit on a CreateFunction / UpdateFunctionCode / PublishLayerVersion request (50 MB base64 + JSON). */
  public static final int MAX_REQUEST_BYTES = 69_905_067;

  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

  /** Answers one request; the path parameters in the order the request URI names them, percent-decoded. */
  @FunctionalInterface
  interface Handler {
    HttpResponse handle(HttpRequest request, List<String> pathParameters);
  }

  /** A row of the Lambda API router: the operation's name and request URI as the service model writes them. */
  static LambdaApi.Route row(String operation, String method, String requestUri, Handler handler) {
    return LambdaApi.Route.of(operation, method, requestUri,
        call -> handler.handle(call.http(), List.copyOf(call.pathParameters().values())));
  }

  /**
   * What an invocation runs: a version's local function, and the version to report in
   * X-Amz-Executed-Version. {@link #close()} when the invocation is over: it holds one of the
   * function's reserved concurrency.
   */
  public record Target(LocalFunction function, String executedVersion, FunctionId invoked, Runnable release)
      implements LambdaApi.Plane.Target {
    @Override
    public void close() {
      release.run();
    }
  }

  final String region;
  final String account = FunctionId.LOCAL_ACCOUNT;
  final Duration stateDelay;
  final LogSink logSink;
  final Path stateDirectory;
  final Map<String, Store.Function> functions = new TreeMap<>();
  final Map<String, Store.Layer> layers = new TreeMap<>();
  final CodeStore code;
  private final StateFile stateFile;
  final VersionRunners runners;
  private final ScheduledExecutorService timer;
  private final Operations operations;
  private final FunctionUrls urls;
  private final SigV4 sigV4;
  private final RequestLog requestLog;
  private final java.nio.channels.FileChannel lockChannel;
  private volatile int frontDoorPort;

  private ControlPlane(Builder b) throws IOException {
    this.region = b.region;
    this.stateDelay = b.stateDelay;
    this.logSink = b.logSink;
    this.stateDirectory = Files.createDirectories(b.stateDirectory);
    this.code = new CodeStore(stateDirectory);
    this.stateFile = new StateFile(stateDirectory);
    this.runners = new VersionRunners(code, region, logSink);
    this.lockChannel = lock(stateDirectory);
    synchronized (this) {
      try {
        stateFile.read(functions, layers);
      } catch (IOException | RuntimeException e) {
        lockChannel.close();
        throw e;
      }
    }
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "shell-lambda-control-plane-timer");
      t.setDaemon(true);
      return t;
    });
    synchronized (this) {
      for (Store.Function f : functions.values()) {
        if (f.latest.inProgress()) {
          settleLater(f.name, f.latest.revisionId()); // an update acknowledged before a restart completes after it
        }
      }
    }
    this.operations = new Operations(this);
    this.urls = new FunctionUrls(this, operations);
    this.sigV4 = new SigV4(b.credentials);
    this.requestLog = new RequestLog(stateDirectory.resolve("requests.log"), logSink);
  }

  /**
   * One plane per state directory at a time (several projects may share a directory, one after
   * the other): an OS lock on {@code <state>/plane.lock}, released on close or when the process dies.
   */
  private static java.nio.channels.FileChannel lock(Path dir) throws IOException {
    java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dir.resolve("plane.lock"),
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
    java.nio.channels.FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      ch.close();
      throw new IOException("another local control plane uses the state directory " + dir + "; stop it"
          + " (shell-lambda:stop, or end its process) or choose another state directory");
    }
    return ch;
  }

  public static Builder builder(Path stateDirectory) {
    return new Builder(stateDirectory);
  }

  public String region() {
    return region;
  }

  /** The state directory this plane keeps its functions, versions, aliases and layers in. */
  public Path stateDirectory() {
    return stateDirectory;
  }

  /** The operations this plane serves, as rows of the Lambda API router; each request is logged in {@link #requestLog()}. */
  @Override
  public List<LambdaApi.Route> routes() {
    List<LambdaApi.Route> all = new java.util.ArrayList<>(operations.routes());
    all.addAll(urls.routes());
    List<LambdaApi.Route> logged = new java.util.ArrayList<>();
    for (LambdaApi.Route r : all) {
      logged.add(new LambdaApi.Route(r.operation(), r.method(), r.uri(), call -> {
        try {
          HttpResponse response = r.handler().handle(call);
          requestLog.record(r.operation(), call.http(), response.status());
          return response;
        } catch (io.github.shelllambda.runtime.function.LambdaServiceException e) {
          requestLog.record(r.operation(), call.http(), e.statusCode());
          throw e;
        } catch (RuntimeException e) {
          requestLog.record(r.operation(), call.http(), 500);
          throw e;
        }
      }));
    }
    return logged;
  }

  /** {@code <state>/requests.log}: one line per control-plane request (what a deploy wrote, for its tests). */
  public Path requestLog() {
    return requestLog.path();
  }

  /**
   * The answer to a request on one of this plane's Function URLs (Host {@code
   * <url-id>.lambda-url.<region>.localhost}), or empty when the request is for none of them.
   */
  public Optional<HttpResponse> functionUrl(HttpRequest request, String requestId) {
    return urls.serve(request, requestId);
  }

  /** A line in the plane's log (the front door's problems when it serves no local function). */
  public void log(String line) {
    logSink.line(line);
  }

  /** The front door's port, for the FunctionUrl this plane hands out; the front door sets it when it starts. */
  public void servedAt(int port) {
    this.frontDoorPort = port;
  }

  int frontDoorPort() {
    return frontDoorPort;
  }

  SigV4 sigV4() {
    return sigV4;
  }

  public synchronized boolean hasFunction(String name) {
    return functions.containsKey(name);
  }

  /**
   * Puts a function built locally into the plane as its {@code $LATEST}, Active at once: the
   * {@code run} goal's own function, so that {@code aws lambda get-function} and the deploy
   * planner see it. Each layer zip becomes a layer version named after its file ({@code
   * shell-lambda-bootstrap-x86_64.zip} -> {@code shell-lambda-bootstrap-x86_64}), published only
   * when its CodeSha256 differs from that layer's newest version; {@code $LATEST} changes (with a
   * new RevisionId) only when its configuration, code or layers differ.
   *
   * @param config the function's configuration; its {@code layers} are replaced by the published ones
   * @return the ARNs of the layer versions the function uses, in order
   * @throws InvalidParameterValueException a zip fails the checks, or the result is not a valid function
   */
  public List<String> putLocalFunction(FunctionConfiguration config, Path functionZip, List<Path> layerZips)
      throws IOException {
    CodeStore.Stored function = code.put(Files.readAllBytes(functionZip));
    List<CodeStore.Stored> layerCode = new java.util.ArrayList<>();
    for (Path l : layerZips) {
      layerCode.add(code.put(Files.readAllBytes(l)));
    }
    synchronized (this) {
      List<Store.ResolvedLayer> resolved = new java.util.ArrayList<>();
      for (int i = 0; i < layerZips.size(); i++) {
        String name = layerZips.get(i).getFileName().toString().replaceFirst("\\.zip$", "")
            .replaceAll("[^a-zA-Z0-9-_]", "-");
        Store.Layer layer = layers.computeIfAbsent(name, Store.Layer::new);
        Store.LayerVersion newest = layer.versions.isEmpty() ? null : layer.versions.lastEntry().getValue();
        if (newest == null || !newest.code().equals(layerCode.get(i).code())) {
          int n = ++layer.lastVersion;
          newest = new Store.LayerVersion(name, n, "built by shell-lambda", List.of(config.runtime()),
              List.of(config.architecture().lambdaName()), null, layerCode.get(i).code(), now());
          layer.versions.put(n, newest);
        }
        resolved.add(new Store.ResolvedLayer(
            "arn:aws:lambda:" + region + ":" + account + ":layer:" + name + ":" + newest.version(), newest.code()));
      }
      List<String> arns = new java.util.ArrayList<>();
      resolved.forEach(l -> arns.add(l.arn()));
      FunctionConfiguration withLayers = config.toBuilder().layers(arns)
          .role(config.role() != null ? config.role() : "arn:aws:iam::" + account + ":role/shell-lambda-local")
          .build();
      Store.Function f = functions.get(config.functionName());
      if (f == null) {
        f = new Store.Function(config.functionName());
        functions.put(f.name, f);
      }
      Store.Version before = f.latest;
      if (before == null || !before.config().equals(withLayers) || !before.code().equals(function.code())
          || !before.layers().equals(resolved)) {
        f.latest = new Store.Version(FunctionId.LATEST, withLayers, function.code(), resolved, now(), newRevisionId(),
            "Active", "Successful");
        f.serving = f.latest;
      }
      persist();
      return arns;
    }
  }

  /**
   * The version an invocation of {@code name} with {@code qualifier} runs: {@code $LATEST} (no
   * qualifier), a version number, or an alias (its extra version picked with its weight).
   *
   * @throws ResourceNotFoundException no such function, version or alias
   * @throws ResourceConflictException the function is still Pending
   * @throws TooManyRequestsException the function's reserved concurrency is in use (0: always)
   */
  public Target invokeTarget(String name, String qualifier) {
    Store.Version v;
    Store.Function fn;
    synchronized (this) {
      Store.Function f = functions.get(name);
      if (f == null) {
        throw new ResourceNotFoundException("Function not found: " + arn(name) + (qualifier == null ? "" : ":" + qualifier));
      }
      if (qualifier == null || qualifier.equals(FunctionId.LATEST)) {
        v = f.serving != null ? f.serving : f.latest;
        if ("Pending".equals(f.latest.state())) {
          throw new ResourceConflictException("The operation cannot be performed at this time. The function is"
              + " currently in the following state: Pending");
        }
      } else if (qualifier.matches("[0-9]+")) {
        v = f.versions.get(parseVersion(qualifier));
        if (v == null) {
          throw new ResourceNotFoundException("Function not found: " + arn(name) + ":" + qualifier);
        }
      } else {
        Store.Alias a = f.aliases.get(qualifier);
        if (a == null) {
          throw new ResourceNotFoundException("Function not found: " + arn(name) + ":" + qualifier);
        }
        String chosen = pick(a);
        v = chosen.equals(FunctionId.LATEST) ? (f.serving != null ? f.serving : f.latest)
            : f.versions.get(parseVersion(chosen));
      }
      if (f.reservedConcurrency != null && f.inFlight >= f.reservedConcurrency) {
        throw new TooManyRequestsException("Rate Exceeded.");
      }
      f.inFlight++;
      fn = f;
    }
    Runnable release = () -> {
      synchronized (this) {
        fn.inFlight--;
      }
    };
    try {
      LocalFunction local = runners.runner(name, v);
      return new Target(local, v.version(), FunctionId.local(name, region).withQualifier(qualifier), release);
    } catch (RuntimeException e) {
      release.run();
      throw e;
    }
  }

  /** The alias's primary version, or its extra one with the extra one's weight. */
  static String pick(Store.Alias a) {
    for (Map.Entry<String, Double> e : a.weights().entrySet()) {
      if (ThreadLocalRandom.current().nextDouble() < e.getValue()) {
        return e.getKey();
      }
    }
    return a.functionVersion();
  }

  static int parseVersion(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  String arn(String functionName) {
    return "arn:aws:lambda:" + region + ":" + account + ":function:" + functionName;
  }

  static String now() {
    return TIMESTAMP.format(Instant.now());
  }

  static String newRevisionId() {
    return UUID.randomUUID().toString();
  }

  /**
   * Writes the state; when that fails, memory goes back to what is on disk (nothing half-done is
   * kept or acknowledged) and the caller gets a ServiceException.
   */
  void persist() {
    try {
      stateFile.write(functions, layers);
    } catch (IOException e) {
      try {
        stateFile.read(functions, layers);
      } catch (IOException again) {
        e.addSuppressed(again);
      }
      throw new ServiceException("The local control plane could not write its state to " + stateFile.path() + ": "
          + e.getMessage());
    }
  }

  /** Completes Pending / InProgress of $LATEST after the state delay, with a new RevisionId. */
  void settleLater(String name, String revisionId) {
    if (stateDelay.isZero()) {
      settle(name, revisionId);
      return;
    }
    timer.schedule(() -> settle(name, revisionId), stateDelay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void settle(String name, String revisionId) {
    Store.Function f = functions.get(name);
    if (f == null || !f.latest.inProgress() || !Objects.equals(f.latest.revisionId(), revisionId)) {
      return;
    }
    Store.Version before = f.latest;
    Store.Version servingBefore = f.serving;
    f.latest = before.settled(newRevisionId());
    f.serving = f.latest;
    try {
      persist();
    } catch (ServiceException e) {
      logSink.warning(e.getMessage());
      f.latest = before;
      f.serving = servingBefore;
      settleLater(name, revisionId); // retried: the update stays InProgress, as Lambda's would
    }
  }

  /** Stops the timer and every running version; the state stays on disk. */
  @Override
  public void close() {
    timer.shutdownNow();
    runners.closeAll();
    try {
      lockChannel.close(); // releases the directory's lock
    } catch (IOException e) {
      logSink.warning("cannot release " + stateDirectory.resolve("plane.lock") + ": " + e.getMessage());
    }
  }

  /** Options of a plane; {@link #open()} reads the state directory (an empty plane when there is none yet). */
  public static final class Builder {
    private final Path stateDirectory;
    private String region = FunctionId.DEFAULT_REGION;
    private Duration stateDelay = DEFAULT_STATE_DELAY;
    private LogSink logSink = LogSink.none();
    private Map<String, String> credentials = Map.of();

    private Builder(Path stateDirectory) {
      this.stateDirectory = Objects.requireNonNull(stateDirectory, "stateDirectory");
    }

    /** The region in ARNs and AWS_REGION; default us-east-1. */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region);
      return this;
    }

    /** How long Pending / InProgress last; default {@link #DEFAULT_STATE_DELAY}; zero settles at once (tests). */
    public Builder stateDelay(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("stateDelay must not be negative, is " + delay);
      }
      this.stateDelay = delay;
      return this;
    }

    /** Where the functions' logs go. */
    public Builder logSink(LogSink sink) {
      this.logSink = Objects.requireNonNull(sink);
      return this;
    }

    /**
     * Credentials (access key id -> secret access key) that AWS_IAM Function URLs verify SigV4
     * signatures with. Default none: any well-formed signature dated within 15 minutes is accepted.
     */
    public Builder credentials(Map<String, String> accessKeyToSecret) {
      this.credentials = Map.copyOf(accessKeyToSecret);
      return this;
    }

    public ControlPlane open() throws IOException {
      return new ControlPlane(this);
    }
  }
}
