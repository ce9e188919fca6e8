package io.github.shelllambda.plugin.localtest;

import io.github.shelllambda.plugin.ShellLambdaProperties;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.shelllambda.plugin.layers.BootstrapLayer;
import io.github.shelllambda.plugin.layers.JqLayer;
import io.github.shelllambda.plugin.layers.JqSource;
import io.github.shelllambda.plugin.function.LocalFunctionSpec;
import io.github.shelllambda.plugin.packaging.BuildLog;
import io.github.shelllambda.plugin.packaging.FunctionZip;
import io.github.shelllambda.plugin.packaging.FunctionZipRequest;
import io.github.shelllambda.plugin.packaging.OutputTimestamp;
import io.github.shelllambda.plugin.packaging.RecordingLog;
import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.function.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner on the real embedded runtime, with zips built by the real packaging code. */
class CaseRunnerTest {
  static final Architecture ARCH = Architecture.X86_64;

  @TempDir static Path dir;
  static LocalFunctionSpec spec;

  static final String HANDLER = """
      GREETING="${GREETING:-Hi}"
      run() {
        local event name
        event="$(cat)"
        if jq -e 'has("requestContext")' >/dev/null <<<"$event"; then
          if [[ $(jq -r .rawPath <<<"$event") == /lines ]]; then lines; return; fi
          jq -c '{statusCode: 200, headers: {"content-type": "application/json", "x-path": .rawPath},
                  body: ({method: .requestContext.http.method, q: .queryStringParameters} | tojson)}' <<<"$event"
          return
        fi
        name="$(jq -r '.name // "world"' <<<"$event")"
        case "$name" in
          boom) echo "boom requested" >&2; return 3 ;;
          text) printf 'plain %s\\n' "$GREETING" ;;
          slow) sleep 0.3; echo '{}' ;;
          secret) lambda_secret db/password v; lambda_secret ssm:/app/key k; jq -cn --arg v "$v" --arg k "$k" '{v: $v, k: $k}' ;;
          nosecret) lambda_secret not-there v; echo '{}' ;;
          upstream) curl -sS -H "Authorization: Bearer ${TOKEN:-}" "$API_URL/users/$name" | jq -c '{login}' ;;
          *) echo "greeting $name" >&2; jq -cn --arg m "$GREETING, $name" '{message: $m, extra: 1}' ;;
        esac
      }
      # three lines with pauses: streamed as printed when the function streams, else
      # collected and answered once the work is done (what a buffered handler does)
      lines() {
        local i body=''
        if [[ ${SHELL_LAMBDA_RESPONSE_STREAM:-} == 1 ]]; then
          lambda_stream_start 200 -H 'content-type: text/plain'
          # a wide margin after the first line: the check is an order of events (first bytes at
          # the client, then the invocation's end), and a loaded machine must not reverse it
          echo "line 1"; sleep 2; echo "line 2"; echo "line 3"
        else
          for i in 1 2 3; do body+="line $i"$'\\n'; sleep 0.3; done
          jq -cn --arg b "$body" '{statusCode: 200, headers: {"content-type": "text/plain"}, body: $b}'
        fi
      }
      """;

  @BeforeAll
  static void packageFunction() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src/main/shell"));
    Files.writeString(src.resolve("handler.sh"), HANDLER);
    Path target = Files.createDirectories(dir.resolve("target"));
    FunctionZip.build(new FunctionZipRequest(src, target.resolve("fn.zip"), "handler.run", ARCH, false,
        OutputTimestamp.DEFAULT, ShellLambdaProperties.FUNCTION_ZIP_PARAMETERS), BuildLog.NONE);
    BootstrapLayer.build(ARCH, target.resolve(BootstrapLayer.fileName(ARCH)), OutputTimestamp.DEFAULT);
    Path jq = Path.of(System.getProperty("shell-lambda.tools", "../.tools"), "gojq", ARCH.lambdaName(), "jq");
    JqLayer.build(new JqSource.LocalFile(jq), ARCH, target.resolve(JqLayer.fileName(ARCH)), OutputTimestamp.DEFAULT,
        null, BuildLog.NONE);
    spec = new LocalFunctionSpec(
        FunctionConfiguration.builder("fn").architecture(ARCH).environment(Map.of("GREETING", "Hello")).build(),
        target.resolve("fn.zip"),
        List.of(target.resolve(BootstrapLayer.fileName(ARCH)), target.resolve(JqLayer.fileName(ARCH))),
        Map.of(), false, 1);
    spec.checkZipsExist();
  }

  private static TestCase parse(String name, String json) throws Exception {
    Path f = dir.resolve("cases").resolve(name + TestCase.SUFFIX);
    Files.createDirectories(f.getParent());
    Files.writeString(f, json);
    return TestCaseParser.parse(f);
  }

  @Test
  void runsInvocationCasesSharingAWarmEnvironment() throws Exception {
    RecordingLog log = new RecordingLog();
    CaseRunner.Outcome out;
    try (CaseRunner runner = new CaseRunner(spec, dir.resolve("work1"), log)) {
      out = runner.runAll(List.of(
          parse("hello", "{\"event\": {\"name\": \"Ada\"}, \"expect\": {\"response\": {\"message\": \"Hello, Ada\"}}}"),
          parse("text", "{\"event\": {\"name\": \"text\"}, \"expect\": {\"responseText\": \"plain Hello\\n\"}}"),
          parse("error", "{\"event\": {\"name\": \"boom\"}, \"expect\": {\"error\": {\"messageContains\": \"boom requested\"}}}"),
          parse("env", "{\"event\": {\"name\": \"Bo\"}, \"environment\": {\"GREETING\": \"Hej\"},"
              + " \"expect\": {\"response\": {\"message\": \"Hej, Bo\"}}}")));
    }
    assertThat(out.results()).allSatisfy(r -> assertThat(r.problems()).isEmpty());
    assertThat(out.failures()).isZero();
    // hello and text and error share one environment: only the first is a cold start; env gets its own.
    assertThat(out.results().get(0).report().orElseThrow().initDurationMs()).isPresent();
    assertThat(out.results().get(1).report().orElseThrow().initDurationMs()).isEmpty();
    assertThat(out.results().get(3).report().orElseThrow().initDurationMs()).isPresent();
    assertThat(out.results().get(0).log()).contains("greeting Ada").contains("REPORT RequestId:");
    // the figures are the runtime's Report of that invocation, not a log line read back
    for (CaseResult r : out.results()) {
      Report report = r.report().orElseThrow();
      assertThat(r.log()).contains("START RequestId: " + report.requestId() + " ", report.toLogLine());
      assertThat(r.summaryLine()).contains(CaseResult.figures(report));
    }
    assertThat(log.lines).anySatisfy(l -> assertThat(l).startsWith("INFO PASS hello (").contains("Init Duration:"));
    assertThat(out.emulated()).isFalse();
    assertThat(out.cost()).isPresent();
    assertThat(out.cost().get().invocations()).isEqualTo(4);
    assertThat(out.cost().get().coldStarts()).isEqualTo(2);
  }

  @Test
  void aFailingCaseCarriesTheDiffAndTheLog() throws Exception {
    RecordingLog log = new RecordingLog();
    CaseRunner.Outcome out;
    try (CaseRunner runner = new CaseRunner(spec, dir.resolve("work2"), log)) {
      out = runner.runAll(List.of(
          parse("wrong", "{\"event\": {\"name\": \"Ada\"}, \"expect\": {\"response\": {\"message\": \"Hello, Bob\"}}}"),
          parse("unexpected-error", "{\"event\": {\"name\": \"boom\"}, \"expect\": {\"response\": {}}}"),
          parse("no-error", "{\"event\": {\"name\": \"Ada\"}, \"expect\": {\"error\": {\"errorType\": \"X\"}}}"),
          parse("budget", "{\"event\": {\"name\": \"slow\"}, \"maxDurationMs\": 1, \"expect\": {}}")));
    }
    assertThat(out.failures()).isEqualTo(4);
    CaseResult wrong = out.results().get(0);
    assertThat(wrong.problems()).singleElement().asString()
        .contains("$.message: expected \"Hello, Bob\" but was \"Hello, Ada\"").contains("actual response:");
    assertThat(wrong.log()).contains("greeting Ada");
    assertThat(out.results().get(1).problems()).singleElement().asString().startsWith("the function failed: ")
        .contains("boom requested");
    assertThat(out.results().get(2).problems()).singleElement().asString().startsWith("expected a function error X");
    assertThat(out.results().get(3).problems()).singleElement().asString().contains("over the case's maxDurationMs of 1 ms");
    assertThat(log.lines).anySatisfy(l -> assertThat(l).startsWith("WARN FAIL wrong (")
        .contains("$.message: expected \"Hello, Bob\"").contains("log:").contains("greeting Ada"));
  }

  @Test
  void stubbedUpstreamIsServedRecordedAndChecked() throws Exception {
    Files.createDirectories(dir.resolve("cases/stubs"));
    Files.writeString(dir.resolve("cases/stubs/u.json"), "{\"login\": \"upstream\", \"id\": 1}");
    String upstream = "\"upstream\": {\"env\": \"API_URL\", \"stubs\": [{\"path\": \"/users/upstream\", \"bodyFile\": \"stubs/u.json\"}],"
        + " \"expectRequests\": [{\"path\": \"/users/upstream\", \"headers\": {\"authorization\": \"Bearer t0k\"}}]}";
    CaseRunner.Outcome out;
    try (CaseRunner runner = new CaseRunner(spec, dir.resolve("work3"), new RecordingLog())) {
      out = runner.runAll(List.of(
          parse("stubbed", "{\"event\": {\"name\": \"upstream\"}, \"environment\": {\"TOKEN\": \"t0k\"}, " + upstream
              + ", \"expect\": {\"match\": \"exact\", \"response\": {\"login\": \"upstream\"}}}"),
          parse("wrong-token", "{\"event\": {\"name\": \"upstream\"}, \"environment\": {\"TOKEN\": \"other\"}, " + upstream
              + ", \"expect\": {}}"),
          parse("unmatched", "{\"event\": {\"name\": \"upstream\"}, \"upstream\": {\"env\": \"API_URL\","
              + " \"stubs\": [{\"path\": \"/elsewhere\"}]}, \"expect\": {}}")));
    }
    assertThat(out.results().get(0).problems()).isEmpty();
    assertThat(out.results().get(1).problems()).containsExactly(
        "upstream request ANY /users/upstream: header authorization is 'Bearer other', expected 'Bearer t0k'");
    assertThat(out.results().get(2).problems()).anySatisfy(p -> assertThat(p)
        .contains("upstream request GET /users/upstream matched no stub (it got a 501)"));
  }

  @Test
  void secretsOfACaseAreServedToLambdaSecretSignedAndMissingOnesAreSecretNotFound() throws Exception {
    String secrets = "\"secrets\": {\"db/password\": \"pw-\\\"quoted\\\"\", \"ssm:/app/key\": \"k3y\"}";
    CaseRunner.Outcome out;
    try (CaseRunner runner = new CaseRunner(spec, dir.resolve("work-secrets"), new RecordingLog())) {
      out = runner.runAll(List.of(
          parse("secret", "{\"event\": {\"name\": \"secret\"}, " + secrets
              + ", \"expect\": {\"match\": \"exact\", \"response\": {\"v\": \"pw-\\\"quoted\\\"\", \"k\": \"k3y\"}}}"),
          parse("no-secret", "{\"event\": {\"name\": \"nosecret\"}, " + secrets
              + ", \"expect\": {\"error\": {\"errorType\": \"SecretNotFound\", \"messageContains\": \"not-there\"}}}"),
          parse("no-secrets-at-all", "{\"event\": {\"name\": \"nosecret\"},"
              + " \"expect\": {\"error\": {\"errorType\": \"SecretUnavailable\"}}}")));
    }
    assertThat(out.results().get(0).problems()).isEmpty();
    assertThat(out.results().get(0).log()).doesNotContain("k3y").doesNotContain("pw-");
    assertThat(out.results().get(1).problems()).isEmpty();
    assertThat(out.results().get(2).problems()).as("no secrets: no endpoint, no credentials").isEmpty();
  }

  @Test
  void httpCasesGoThroughTheFunctionUrl() throws Exception {
    CaseRunner.Outcome out;
    try (CaseRunner runner = new CaseRunner(spec, dir.resolve("work4"), new RecordingLog())) {
      out = runner.runAll(List.of(
          parse("get", "{\"request\": {\"path\": \"/items\", \"query\": {\"q\": \"a b\"}},"
              + " \"expect\": {\"status\": 200, \"headers\": {\"X-Path\": \"/items\"},"
              + " \"body\": {\"method\": \"GET\", \"q\": {\"q\": \"a b\"}}}}"),
          parse("post-wrong", "{\"request\": {\"method\": \"POST\", \"path\": \"/x\", \"body\": {}},"
              + " \"expect\": {\"status\": 201, \"headers\": {\"x-path\": \"/y\", \"x-none\": \"1\"},"
              + " \"body\": {\"method\": \"PUT\"}}}")));
    }
    assertThat(out.results().get(0).problems()).isEmpty();
    // each HTTP case gets the Report of its own request: the one under the x-amzn-RequestId the
    // front door answered, which is the id of the case's START/END/REPORT lines
    for (CaseResult r : out.results()) {
      Report report = r.report().orElseThrow();
      assertThat(r.log()).contains("START RequestId: " + report.requestId() + " ", "END RequestId: " + report.requestId(),
          report.toLogLine());
    }
    assertThat(out.results().get(0).report().orElseThrow().initDurationMs()).as("the first case is the cold start").isPresent();
    assertThat(out.results().get(1).report().orElseThrow().initDurationMs()).isEmpty();
    assertThat(out.results().get(0).report().get().requestId()).isNotEqualTo(out.results().get(1).report().get().requestId());
    assertThat(out.results().get(1).problems()).satisfiesExactly(
        p -> assertThat(p).startsWith("status is 200, expected 201"),
        p -> assertThat(p).isEqualTo("header x-path is '/x', expected '/y'"),
        p -> assertThat(p).startsWith("header x-none missing, expected '1'"),
        p -> assertThat(p).contains("$.method: expected \"PUT\" but was \"POST\""));
  }

  /** An HTTP case expecting three lines, exactly, and (or not) that they were streamed. */
  private static TestCase lines(String name, String invokeMode, boolean streamed) throws Exception {
    return parse(name, "{\"request\": {\"path\": \"/lines\"" + (invokeMode == null ? "" : ", \"invokeMode\": \""
        + invokeMode + "\"") + "}, \"expect\": {\"status\": 200, \"headers\": {\"content-type\": \"text/plain\"},"
        + " \"bodyText\": \"line 1\\nline 2\\nline 3\\n\", \"streamed\": " + streamed + "}}");
  }

  @Test
  void aStreamedAnswerIsToldFromABufferedOneByWhetherTheFirstBytesCameBeforeTheInvocationEnded() throws Exception {
    CaseRunner.Outcome out;
    try (CaseRunner runner = new CaseRunner(spec, dir.resolve("work5"), new RecordingLog())) {
      out = runner.runAll(List.of(
          lines("streams", "RESPONSE_STREAM", true),
          lines("buffered-expected-streamed", null, true),
          lines("buffered", "BUFFERED", false)));
    }
    assertThat(out.results().get(0).problems()).as("streamed, and the body byte for byte").isEmpty();
    assertThat(out.results().get(0).log()).contains("END RequestId: ");
    // the same handler behind a BUFFERED URL answers the same body, but only once it ended
    CaseResult buffered = out.results().get(1);
    assertThat(buffered.problems()).singleElement().satisfies(p -> assertThat(p)
        .startsWith(dir.resolve("cases/buffered-expected-streamed.case.json") + ": field 'expect.streamed' is true")
        .contains("the whole body arrived after the handler had ended: the response was buffered")
        .contains("The case's Function URL is BUFFERED")
        .contains("\"request\": {\"invokeMode\": \"RESPONSE_STREAM\"}")
        .contains("<functionUrl><invokeMode>RESPONSE_STREAM</invokeMode></functionUrl>"));
    assertThat(out.results().get(2).problems()).isEmpty();
  }

  @Test
  void thePomsInvokeModeStreamsEveryHttpCaseAndInvokeStillGetsTheWholeResponse() throws Exception {
    CaseRunner.Outcome out;
    try (CaseRunner runner = new CaseRunner(spec, dir.resolve("work6"), new RecordingLog(), TestCase.RESPONSE_STREAM)) {
      out = runner.runAll(List.of(
          lines("pom-streams", null, true),
          lines("pom-streams-expected-buffered", null, false),
          parse("invoke-whole", "{\"event\": {\"name\": \"Ada\"}, \"expect\": {\"response\": {\"message\": \"Hello, Ada\"}}}")));
    }
    assertThat(out.results().get(0).problems()).isEmpty();
    assertThat(out.results().get(1).problems()).singleElement().satisfies(p -> assertThat(p)
        .contains("field 'expect.streamed' is false")
        .contains("its first bytes arrived while the handler was still running: the response was streamed")
        .contains("The case's Function URL is RESPONSE_STREAM"));
    assertThat(out.results().get(2).problems()).as("a buffered caller of a streaming function").isEmpty();
  }

  @Test
  void aBufferedCaseRefusesAPomEnvironmentThatMakesTheUrlStream() throws Exception {
    LocalFunctionSpec streaming = spec.withEnvironment(Map.of("SHELL_LAMBDA_RESPONSE_STREAM", "1"));
    CaseResult r;
    try (CaseRunner runner = new CaseRunner(streaming, dir.resolve("work7"), new RecordingLog())) {
      r = runner.run(lines("buffered-but-pom-streams", "BUFFERED", false));
    }
    assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p)
        .startsWith("request.invokeMode is BUFFERED, but the function's environment (<environment> or envFile) sets"
            + " SHELL_LAMBDA_RESPONSE_STREAM=1")
        .contains("<functionUrl><invokeMode>RESPONSE_STREAM</invokeMode></functionUrl>"));
    assertThat(r.report()).as("nothing ran").isEmpty();
  }

  @Test
  void aPomEnvironmentThatSaysNotToStreamIsKeptBehindAResponseStreamUrlAsDeployKeepsIt() throws Exception {
    LocalFunctionSpec notStreaming = spec.withEnvironment(Map.of("SHELL_LAMBDA_RESPONSE_STREAM", "0"));
    CaseResult r;
    try (CaseRunner runner = new CaseRunner(notStreaming, dir.resolve("work8"), new RecordingLog(),
        TestCase.RESPONSE_STREAM)) {
      r = runner.run(lines("pom-says-no", null, false));
      // expecting a stream there names the variable that stops it, not the invoke mode already set
      CaseResult expectedStream = runner.run(lines("pom-says-no-expected-streamed", "RESPONSE_STREAM", true));
      assertThat(expectedStream.problems()).singleElement().satisfies(p -> assertThat(p)
          .contains("field 'expect.streamed' is true")
          .contains("The case's Function URL is RESPONSE_STREAM, but the function's environment (<environment>, envFile"
              + " or the case's environment) sets SHELL_LAMBDA_RESPONSE_STREAM=0, which keeps the function from streaming")
          .contains("remove SHELL_LAMBDA_RESPONSE_STREAM=0 from")
          .doesNotContain("\"invokeMode\": \"RESPONSE_STREAM\"} in the case"));
    }
    assertThat(r.problems()).as("buffered, as the deployed function with the POM's variable").isEmpty();
  }
}
