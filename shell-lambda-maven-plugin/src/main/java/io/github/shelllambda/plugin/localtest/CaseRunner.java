package io.github.shelllambda.plugin.localtest;

import io.github.shelllambda.plugin.function.LocalFunctionSpec;
import io.github.shelllambda.plugin.function.UrlInvokeMode;
import io.github.shelllambda.plugin.localtest.TestCase.HttpCall;
import io.github.shelllambda.plugin.localtest.TestCase.Invocation;
import io.github.shelllambda.plugin.packaging.BuildLog;
import io.github.shelllambda.runtime.env.Emulation;
import io.github.shelllambda.runtime.frontdoor.FrontDoor;
import io.github.shelllambda.runtime.function.InvokeRequest;
import io.github.shelllambda.runtime.function.FunctionError;
import io.github.shelllambda.runtime.function.InvalidFunctionConfigurationException;
import io.github.shelllambda.runtime.secrets.LocalSecrets;
import io.github.shelllambda.runtime.LocalFunction;
import io.github.shelllambda.runtime.function.Report;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs test cases against the packaged function on the embedded runtime. Cases with the same
 * environment share one local function (so the first is the cold start and the next are warm, as
 * in Lambda); a case with an upstream gets its own stub server and function.
 */
public final class CaseRunner implements AutoCloseable {

  /** What a run produced: every case's result, and the cost estimate when there is one. */
  public record Outcome(List<CaseResult> results, Optional<CostEstimate.Estimate> cost, boolean emulated) {
    public long failures() {
      return results.stream().filter(r -> !r.passed()).count();
    }
  }

  private static final Set<String> RESTRICTED_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final LocalFunctionSpec spec;
  private final Path workDirectory;
  private final BuildLog log;
  private final boolean emulated;
  private final String invokeMode;
  private final Map<Map<String, String>, Running> functions = new HashMap<>();
  private int started;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10))
      .version(HttpClient.Version.HTTP_1_1)
      .build();

  /**
   * One started function with the log lines it wrote since the last {@link #drain()}, and its
   * finished invocations by request id (an HTTP case finds its own by the answer's {@code
   * x-amzn-RequestId}).
   */
  private static final class Running implements AutoCloseable {
    final StringBuilder buffer = new StringBuilder();
    final Map<String, io.github.shelllambda.runtime.function.Invocation> finished = new ConcurrentHashMap<>();
    LocalFunction fn;
    FrontDoor door;
    Path workDirectory;

    synchronized void line(String l) {
      buffer.append(l).append('\n');
    }

    synchronized String drain() {
      String s = buffer.toString();
      buffer.setLength(0);
      return s;
    }

    /** Forgets what earlier cases left behind. */
    void reset() {
      drain();
      finished.clear();
    }

    @Override
    public void close() {
      if (door != null) {
        door.close();
      }
      if (fn != null) {
        fn.close();
      }
      LocalFunctionSpec.deleteTree(workDirectory);
    }
  }

  /** A runner whose Function URL is {@code BUFFERED} unless a case says otherwise. */
  public CaseRunner(LocalFunctionSpec spec, Path workDirectory, BuildLog log) {
    this(spec, workDirectory, log, TestCase.BUFFERED);
  }

  /**
   * A runner whose Function URL has the invoke mode {@code invokeMode} (the POM's {@code
   * <functionUrl><invokeMode>}) unless a case's {@code request.invokeMode} says otherwise. For
   * {@code RESPONSE_STREAM} the function gets {@code SHELL_LAMBDA_RESPONSE_STREAM=1}, as deploy
   * gives it: the bootstrap streams, and the local Function URL passes the stream on.
   */
  public CaseRunner(LocalFunctionSpec spec, Path workDirectory, BuildLog log, String invokeMode) {
    if (!invokeMode.equals(TestCase.BUFFERED) && !invokeMode.equals(TestCase.RESPONSE_STREAM)) {
      throw new IllegalArgumentException("invokeMode is '" + invokeMode + "'; expected BUFFERED or RESPONSE_STREAM");
    }
    this.spec = spec;
    this.workDirectory = workDirectory;
    this.log = log;
    this.invokeMode = invokeMode;
    this.emulated = !Emulation.isNative(spec.configuration().architecture());
  }

  /** Runs the cases in order, prints one line per case (and the diff and log of a failure). */
  public Outcome runAll(List<TestCase> cases) {
    List<CaseResult> results = new ArrayList<>();
    List<Report> reports = new ArrayList<>();
    for (TestCase c : cases) {
      CaseResult r = run(c);
      results.add(r);
      r.report().ifPresent(reports::add);
      if (r.passed()) {
        log.info(r.summaryLine());
      } else {
        StringBuilder sb = new StringBuilder(r.summaryLine()).append("  ").append(c.file());
        for (String p : r.problems()) {
          sb.append('\n').append(BodyCheck.indent(p, "    ").stripTrailing());
        }
        if (!r.log().isBlank()) {
          sb.append("\n    log:\n").append(BodyCheck.indent(r.log().stripTrailing(), "      ").stripTrailing());
        }
        log.warn(sb.toString());
      }
    }
    // a foreign architecture measures nothing Lambda would bill, emulated or stood in for
    return new Outcome(results, emulated ? Optional.empty() : CostEstimate.of(reports), emulated);
  }

  /** Runs one case; never throws: whatever goes wrong is the case's failure. */
  public CaseResult run(TestCase c) {
    long start = System.nanoTime();
    List<String> problems = new ArrayList<>();
    String caseLog = "";
    Optional<Report> report = Optional.empty();
    StubServer stubs = null;
    LocalSecrets secrets = null;
    Map<String, String> env = new LinkedHashMap<>(c.environment());
    String mode = c.http().flatMap(HttpCall::invokeMode).orElse(invokeMode);
    boolean pomStreams = UrlInvokeMode.streams(spec.configuration().environment());
    Map<String, String> functionEnv = new HashMap<>(spec.configuration().environment());
    functionEnv.putAll(env);
    env.putAll(UrlInvokeMode.variables(mode, functionEnv)); // the rule deploy applies to a URL of this mode
    try {
      if (c.http().flatMap(HttpCall::invokeMode).equals(Optional.of(TestCase.BUFFERED)) && pomStreams) {
        problems.add("request.invokeMode is BUFFERED, but the function's environment (<environment> or envFile) sets "
            + TestCaseParser.STREAM_VARIABLE + "=" + spec.configuration().environment().get(TestCaseParser.STREAM_VARIABLE)
            + ", which locally serves the Function URL as RESPONSE_STREAM; remove it there and set"
            + " <functionUrl><invokeMode>RESPONSE_STREAM</invokeMode></functionUrl> instead (deploy and test then"
            + " set the variable themselves), or drop request.invokeMode");
        return new CaseResult(c.name(), (System.nanoTime() - start) / 1e6, List.copyOf(problems), "", Optional.empty());
      }
      if (c.upstream().isPresent()) {
        stubs = StubServer.start(c.upstream().get().stubs());
        env.put(c.upstream().get().env(), stubs.baseUrl());
      }
      if (!c.secrets().isEmpty()) {
        secrets = LocalSecrets.start(c.secrets());
        env.putAll(secrets.environment());
      }
      Running running = function(env, secrets);
      running.reset();
      if (c.invocation().isPresent()) {
        io.github.shelllambda.runtime.function.Invocation inv =
            running.fn.invoke(InvokeRequest.of(c.invocation().get().event()));
        caseLog = inv.log();
        running.drain();
        report = Optional.of(inv.report());
        problems.addAll(checkInvocation(c.invocation().get(), inv));
      } else {
        HttpOutcome h = callHttp(c, running);
        problems.addAll(h.problems());
        // The function logs (and the listener gets the invocation) before the front door answers:
        // both are complete here. The log also holds the Function URL's own notes (a 502's reason).
        caseLog = running.drain();
        report = h.requestId().map(running.finished::get).map(io.github.shelllambda.runtime.function.Invocation::report);
      }
      if (stubs != null) {
        problems.addAll(stubs.problems(c.upstream().get().expectedRequests()));
      }
      if (c.maxDurationMs().isPresent() && report.isPresent()
          && report.get().durationMs() > c.maxDurationMs().getAsLong()) {
        problems.add(String.format(Locale.ROOT, "Duration %.2f ms is over the case's maxDurationMs of %d ms%s",
            report.get().durationMs(), c.maxDurationMs().getAsLong(), emulated ? " (measured under emulation)" : ""));
      }
    } catch (InvalidFunctionConfigurationException e) {
      problems.add("the case's \"environment\" is refused as Lambda would refuse it: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add("interrupted");
    } catch (Exception e) {
      problems.add("could not run the case: " + e);
    } finally {
      if (stubs != null) {
        stubs.close();
      }
      if (secrets != null) {
        secrets.close();
      }
      if (stubs != null || secrets != null) {
        // A stub or secrets server's URL is in the function's environment: it is no use to later cases.
        Running r = functions.remove(env);
        if (r != null) {
          r.close();
        }
      }
    }
    double wall = (System.nanoTime() - start) / 1e6;
    return new CaseResult(c.name(), wall, List.copyOf(problems), caseLog, report);
  }

  private Running function(Map<String, String> caseEnv, LocalSecrets secrets) throws IOException {
    Running r = functions.get(caseEnv);
    if (r == null) {
      Running created = new Running();
      created.workDirectory = workDirectory.resolve("env-" + (started++));
      LocalFunctionSpec s = secrets == null ? spec.withEnvironment(caseEnv)
          : spec.withEnvironment(caseEnv).withLocalSecrets(secrets);
      created.fn = s.start(created::line, created.workDirectory);
      created.fn.addInvocationListener(inv -> created.finished.put(inv.requestId(), inv));
      r = created;
      functions.put(Map.copyOf(caseEnv), r);
    }
    return r;
  }

  private List<String> checkInvocation(Invocation expected, io.github.shelllambda.runtime.function.Invocation inv) {
    return InvocationCheck.check(expected, inv.payload(), inv.error());
  }

  /** An HTTP case's problems, and the request id the front door answered with (none when it answered none). */
  private record HttpOutcome(List<String> problems, Optional<String> requestId) {}

  private HttpOutcome callHttp(TestCase c, Running running) throws IOException, InterruptedException {
    HttpCall call = c.http().orElseThrow();
    List<String> problems = new ArrayList<>();
    if (running.door == null) {
      running.door = FrontDoor.start(0, running.fn);
    }
    String base = running.door.functionUrl(spec.configuration().functionName());
    StringBuilder url = new StringBuilder(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    url.append(call.path());
    if (!call.query().isEmpty()) {
      url.append('?');
      call.query().forEach((k, v) -> url.append(enc(k)).append('=').append(enc(v)).append('&'));
      url.setLength(url.length() - 1);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.toString()))
        .timeout(Duration.ofSeconds(spec.configuration().timeoutSeconds() + 30L))
        .method(call.method(), call.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(call.body()));
    for (Map.Entry<String, String> h : call.headers().entrySet()) {
      if (RESTRICTED_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        problems.add("request.headers." + h.getKey() + " cannot be set by a case (the HTTP client sets it); remove it");
        return new HttpOutcome(problems, Optional.empty());
      }
      b.header(h.getKey(), h.getValue());
    }
    Arrival arrival = new Arrival(running.finished);
    HttpResponse<byte[]> resp = http.send(b.build(), arrival);
    if (call.expectedStatus().isPresent() && resp.statusCode() != call.expectedStatus().get()) {
      problems.add("status is " + resp.statusCode() + ", expected " + call.expectedStatus().get()
          + "; body: " + BodyCheck.quote(resp.body()));
    }
    for (Map.Entry<String, String> h : call.expectedHeaders().entrySet()) {
      Optional<String> actual = resp.headers().firstValue(h.getKey());
      if (actual.isEmpty()) {
        problems.add("header " + h.getKey() + " missing, expected '" + h.getValue() + "'; headers: "
            + resp.headers().map().keySet());
      } else if (!actual.get().equals(h.getValue())) {
        problems.add("header " + h.getKey() + " is '" + actual.get() + "', expected '" + h.getValue() + "'");
      }
    }
    problems.addAll(BodyCheck.check(call.expectedBody(), resp.body(), "body"));
    if (call.expectStreamed().isPresent()) {
      streamedProblem(c, call.expectStreamed().get(), arrival, call.invokeMode().orElse(invokeMode),
          Optional.ofNullable(running.fn.configuration().environment().get(UrlInvokeMode.STREAM_VARIABLE)))
          .ifPresent(problems::add);
    }
    return new HttpOutcome(problems, resp.headers().firstValue("x-amzn-RequestId"));
  }

  /**
   * Whether the answer's first body bytes reached the client before the invocation ended: an order
   * of events, not a time. When the first non-empty piece of the body arrives, the function's
   * invocation listener (called once the runtime has posted the whole response, i.e. when the
   * handler ended) either has fired for this request id or has not.
   */
  private static final class Arrival implements HttpResponse.BodyHandler<byte[]> {
    private final Map<String, io.github.shelllambda.runtime.function.Invocation> finished;
    private volatile boolean sawBytes;
    private volatile boolean endedFirst;

    Arrival(Map<String, io.github.shelllambda.runtime.function.Invocation> finished) {
      this.finished = finished;
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
      String requestId = info.headers().firstValue("x-amzn-RequestId").orElse("");
      HttpResponse.BodySubscriber<byte[]> whole = HttpResponse.BodySubscribers.ofByteArray();
      return new HttpResponse.BodySubscriber<>() {
        @Override
        public java.util.concurrent.CompletionStage<byte[]> getBody() {
          return whole.getBody();
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
          whole.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<java.nio.ByteBuffer> items) {
          if (!sawBytes && items.stream().anyMatch(java.nio.ByteBuffer::hasRemaining)) {
            endedFirst = finished.containsKey(requestId);
            sawBytes = true;
          }
          whole.onNext(items);
        }

        @Override
        public void onError(Throwable throwable) {
          whole.onError(throwable);
        }

        @Override
        public void onComplete() {
          whole.onComplete();
        }
      };
    }
  }

  /**
   * The problem with {@code expect.streamed}, if any; names the case file, the field, why the
   * function streamed or not (the URL's invoke mode, or the variable its environment sets) and the fix.
   */
  private static Optional<String> streamedProblem(TestCase c, boolean expected, Arrival arrival, String mode,
      Optional<String> variable) {
    String field = c.file() + ": field 'expect.streamed' is " + expected;
    boolean streams = variable.map(v -> v.equals("1") || v.equals("true")).orElse(false);
    String set = variable.map(v -> UrlInvokeMode.STREAM_VARIABLE + "=" + v).orElse("");
    String where = "the function's environment (<environment>, envFile or the case's environment)";
    boolean urlStreams = mode.equals(UrlInvokeMode.RESPONSE_STREAM);
    String why;
    if (streams) {
      why = urlStreams ? "the case's Function URL is RESPONSE_STREAM (the function has " + set + ")"
          : "the case's Function URL is BUFFERED, but " + where + " sets " + set + ", which streams it locally";
    } else {
      why = urlStreams ? "the case's Function URL is RESPONSE_STREAM, but " + where + " sets " + set
          + ", which keeps the function from streaming" : "the case's Function URL is BUFFERED";
    }
    if (!arrival.sawBytes) {
      return Optional.of(field + ", but the response has no body, so nothing shows whether it was streamed; "
          + (expected ? "make the handler print a body" : "remove expect.streamed"));
    }
    if (expected && arrival.endedFirst) {
      String fix;
      if (streams) {
        fix = "the function streams, so the handler printed its first bytes only as it ended: print them before the"
            + " rest of the work (not collected in a variable or file first); did the handler call"
            + " lambda_stream_start before printing the body?";
      } else if (urlStreams) {
        fix = "remove " + set + " from " + where + ", or set it to 1";
      } else {
        fix = "set \"request\": {\"invokeMode\": \"RESPONSE_STREAM\"} in the case, or"
            + " <functionUrl><invokeMode>RESPONSE_STREAM</invokeMode></functionUrl> in the POM (the function then"
            + " gets " + UrlInvokeMode.STREAM_VARIABLE + "=1, as deploy gives it)";
      }
      return Optional.of(field + " (the first body bytes before the invocation ended), but the whole body arrived"
          + " after the handler had ended: the response was buffered. " + capitalized(why) + "; " + fix);
    }
    if (!expected && !arrival.endedFirst) {
      String fix = urlStreams
          ? "for a buffered answer set \"request\": {\"invokeMode\": \"BUFFERED\"} in the case (or"
              + " <functionUrl><invokeMode>BUFFERED</invokeMode></functionUrl> in the POM), or remove expect.streamed"
          : "for a buffered answer remove " + set + " from " + where + ", or remove expect.streamed";
      return Optional.of(field + " (the body only after the invocation ended), but its first bytes arrived while the"
          + " handler was still running: the response was streamed. " + capitalized(why) + "; " + fix);
    }
    return Optional.empty();
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static byte[] nonNull(byte[] b) {
    return b == null ? new byte[0] : b;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  /** Stops every function and front door this runner started. */
  @Override
  public void close() {
    for (Running r : functions.values()) {
      r.close();
    }
    functions.clear();
  }
}
