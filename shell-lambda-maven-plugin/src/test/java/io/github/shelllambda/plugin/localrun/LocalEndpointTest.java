package io.github.shelllambda.plugin.localrun;

import io.github.shelllambda.plugin.ShellLambdaProperties;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import io.github.shelllambda.plugin.function.LocalFunctionSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.shelllambda.plugin.layers.BootstrapLayer;
import io.github.shelllambda.plugin.layers.JqLayer;
import io.github.shelllambda.plugin.layers.JqSource;
import io.github.shelllambda.plugin.localtest.TestCase;
import io.github.shelllambda.plugin.packaging.BuildLog;
import io.github.shelllambda.plugin.packaging.RecordingLog;
import io.github.shelllambda.plugin.packaging.FunctionZip;
import io.github.shelllambda.plugin.packaging.FunctionZipRequest;
import io.github.shelllambda.plugin.packaging.OutputTimestamp;
import io.github.shelllambda.runtime.function.Architecture;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run goal's core on the real runtime: both URLs, stubs, a reload, and a clean stop. */
class LocalEndpointTest {
  static final Architecture ARCH = Architecture.X86_64;
  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  private LocalFunctionSpec build(String greeting) throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.writeString(src.resolve("handler.sh"), """
        run() {
          local event
          event="$(cat)"
          if jq -e '.upstream' >/dev/null <<<"$event"; then
            curl -sS "$UP/v"
            return
          fi
          jq -c '{greeting: "%s", path: (.rawPath // null), name: (.name // null)}' <<<"$event"
        }
        """.formatted(greeting));
    Path target = Files.createDirectories(dir.resolve("target"));
    FunctionZip.build(new FunctionZipRequest(src, target.resolve("fn.zip"), "handler.run", ARCH, true,
        OutputTimestamp.DEFAULT, ShellLambdaProperties.FUNCTION_ZIP_PARAMETERS), BuildLog.NONE);
    Path jq = Path.of(System.getProperty("shell-lambda.tools", "../.tools"), "gojq", ARCH.lambdaName(), "jq");
    JqLayer.build(new JqSource.LocalFile(jq), ARCH, target.resolve(JqLayer.fileName(ARCH)), OutputTimestamp.DEFAULT,
        null, BuildLog.NONE);
    return new LocalFunctionSpec(FunctionConfiguration.builder("my-fn").architecture(ARCH).build(),
        target.resolve("fn.zip"), List.of(target.resolve(JqLayer.fileName(ARCH))), Map.of(), false, 2);
  }

  private HttpResponse<String> send(HttpRequest r) throws Exception {
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesFunctionUrlAndInvokeApiReloadsAndStopsCleanly() throws Exception {
    RecordingLog log = new RecordingLog();
    TestCase.Upstream up = new TestCase.Upstream("UP",
        List.of(new TestCase.Stub("GET", "/v", Map.of(), 200, Map.of(), "{\"from\":\"stub\"}".getBytes(StandardCharsets.UTF_8))),
        List.of());
    Path work = dir.resolve("work");
    int port;
    try (LocalEndpoint e = LocalEndpoint.start(build("Hello"), 0, work, log, Optional.of(up))) {
      port = e.port();
      assertThat(e.functionUrl()).isEqualTo("http://127.0.0.1:" + port + "/");
      assertThat(e.invokeUrl()).isEqualTo("http://127.0.0.1:" + port + "/2015-03-31/functions/my-fn/invocations");
      assertThat(e.usage()).anySatisfy(l -> assertThat(l).isEqualTo("Try:  curl -i http://127.0.0.1:" + port + "/"));
      assertThat(e.usage()).anySatisfy(l -> assertThat(l).contains("aws lambda invoke --endpoint-url http://127.0.0.1:" + port
          + " --no-sign-request").contains("--cli-binary-format raw-in-base64-out --function-name my-fn"));

      HttpResponse<String> url = send(HttpRequest.newBuilder(URI.create(e.functionUrl() + "hello")).build());
      assertThat(url.statusCode()).isEqualTo(200);
      // gojq sorts keys: compare as text only what does not depend on key order.
      assertThat(url.body()).contains("\"greeting\":\"Hello\"").contains("\"path\":\"/hello\"");

      HttpResponse<String> inv = send(HttpRequest.newBuilder(URI.create(e.invokeUrl()))
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\"}")).build());
      assertThat(inv.statusCode()).isEqualTo(200);
      assertThat(inv.body()).contains("\"name\":\"Ada\"");

      HttpResponse<String> viaStub = send(HttpRequest.newBuilder(URI.create(e.invokeUrl()))
          .POST(HttpRequest.BodyPublishers.ofString("{\"upstream\":true}")).build());
      assertThat(viaStub.body()).isEqualTo("{\"from\":\"stub\"}");
      assertThat(log.infos).anySatisfy(l -> assertThat(l).startsWith("START RequestId:"));
      assertThat(log.infos).anySatisfy(l -> assertThat(l).startsWith("REPORT RequestId:"));

      e.reload(build("Howdy"));
      assertThat(e.port()).isEqualTo(port);
      assertThat(send(HttpRequest.newBuilder(URI.create(e.functionUrl())).build()).body()).contains("Howdy");
    }
    assertThatThrownBy(() -> send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build()))
        .isInstanceOf(ConnectException.class);
    // The environments' folders (and so their processes' working directories) are gone.
    try (var s = Files.list(work)) {
      assertThat(s.toList()).isEmpty();
    }
  }

  /** A function whose handler, for an event with "wait", marks its start and waits for the test's go. */
  private LocalFunctionSpec waitingFunction(String greeting) throws Exception {
    Path src = Files.createDirectories(dir.resolve("src-" + greeting));
    Files.writeString(src.resolve("handler.sh"), """
        run() {
          local event n=0
          event="$(cat)"
          case "$event" in
            *wait*)
              touch "$MARK"
              while [ ! -e "$GO" ] && [ $n -lt 1200 ]; do sleep 0.05; n=$((n + 1)); done
              ;;
          esac
          printf '{"greeting":"%s"}' '%s'
        }
        """.formatted("%s", greeting));
    Path target = Files.createDirectories(dir.resolve("target-" + greeting));
    FunctionZip.build(new FunctionZipRequest(src, target.resolve("fn.zip"), "handler.run", ARCH, true,
        OutputTimestamp.DEFAULT, ShellLambdaProperties.FUNCTION_ZIP_PARAMETERS), BuildLog.NONE);
    return new LocalFunctionSpec(FunctionConfiguration.builder("my-fn").architecture(ARCH).timeoutSeconds(60)
        .environment(Map.of("MARK", dir.resolve("started").toString(), "GO", dir.resolve("go").toString())).build(),
        target.resolve("fn.zip"), List.of(), Map.of(), false, 2);
  }

  private void awaitFile(Path file) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(file)) {
      assertThat(System.nanoTime()).as(file + " did not appear within 60 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** Issue 12, fault 12: a reload mid-invocation used to cut it with no response and a false timeout. */
  @Test
  void aReloadLetsTheRunningInvocationFinishAndServesTheNewBuildMeanwhile() throws Exception {
    RecordingLog log = new RecordingLog();
    try (LocalEndpoint e = LocalEndpoint.start(waitingFunction("Hello"), 0, dir.resolve("work"), log,
        Optional.empty())) {
      var running = http.sendAsync(HttpRequest.newBuilder(URI.create(e.invokeUrl()))
          .POST(HttpRequest.BodyPublishers.ofString("{\"wait\":true}")).build(), HttpResponse.BodyHandlers.ofString());
      awaitFile(dir.resolve("started"));

      LocalFunctionSpec howdy = waitingFunction("Howdy");
      var reloading = java.util.concurrent.CompletableFuture.runAsync(() -> {
        try {
          e.reload(howdy);
        } catch (java.io.IOException ex) {
          throw new java.io.UncheckedIOException(ex);
        }
      });
      // The new build answers while the old one still runs the first invocation.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      String body;
      do {
        assertThat(System.nanoTime()).as("the new build did not answer within 60 s").isLessThan(deadline);
        body = send(HttpRequest.newBuilder(URI.create(e.functionUrl())).build()).body();
      } while (!body.contains("Howdy"));
      assertThat(running).isNotDone();
      assertThat(reloading).isNotDone();

      Files.createFile(dir.resolve("go"));
      HttpResponse<String> first = running.get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("X-Amz-Function-Error")).isEmpty();
      assertThat(first.body()).isEqualTo("{\"greeting\":\"Hello\"}");
      reloading.get(60, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(log.infos).noneMatch(l -> l.contains("Task timed out") || l.contains("cannot read")
        || l.contains("Local.FunctionStopped"));
    assertThat(log.infos).filteredOn(l -> l.startsWith("REPORT RequestId:")).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void staleZipIsRefused() throws Exception {
    LocalFunctionSpec spec = build("x");
    Files.setLastModifiedTime(spec.functionZip(), java.nio.file.attribute.FileTime.fromMillis(1000));
    assertThatThrownBy(() -> ZipFreshness.check(spec.functionZip(), dir.resolve("src")))
        .isInstanceOf(ZipFreshness.StaleZipException.class)
        .hasMessageContaining("is older than").hasMessageContaining("handler.sh");
    Files.setLastModifiedTime(spec.functionZip(), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    ZipFreshness.check(spec.functionZip(), dir.resolve("src"));
  }

  @Test
  void missingZipSaysHowToMakeIt() {
    LocalFunctionSpec spec = new LocalFunctionSpec(FunctionConfiguration.builder("f").architecture(ARCH).build(),
        dir.resolve("none.zip"), List.of(), Map.of(), false, 1);
    assertThatThrownBy(spec::checkZipsExist).hasMessageContaining("none.zip does not exist")
        .hasMessageContaining("mvn package");
  }
}
