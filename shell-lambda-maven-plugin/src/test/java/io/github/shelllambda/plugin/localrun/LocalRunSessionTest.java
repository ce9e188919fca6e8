package io.github.shelllambda.plugin.localrun;

import io.github.shelllambda.runtime.function.FunctionConfiguration;
import io.github.shelllambda.plugin.ShellLambdaProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.shelllambda.plugin.function.LocalFunctionSpec;
import io.github.shelllambda.plugin.packaging.FunctionZipRequest;
import io.github.shelllambda.plugin.packaging.OutputTimestamp;
import io.github.shelllambda.plugin.packaging.Packager;
import io.github.shelllambda.plugin.packaging.RecordingLog;
import io.github.shelllambda.runtime.function.Architecture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run goal's core: settings checked, a source change re-packaged and reloaded, a stop that cleans up. */
class LocalRunSessionTest {
  static final Architecture ARCH = Architecture.host().orElseThrow();
  @TempDir Path dir;

  @Test
  void settingsOutOfRangeNameTheElementAndTheFix() {
    assertThatThrownBy(() -> LocalRunSession.Settings.of(70000, 4, ShellLambdaProperties.PORT_PARAMETER, ShellLambdaProperties.CONCURRENCY_PARAMETER))
        .isInstanceOf(LocalRunSession.InvalidRunSettingException.class)
        .hasMessage("<port> (-Dshell-lambda.port) is 70000; use a TCP port from 1 to 65535 (0 picks a free one)");
    assertThatThrownBy(() -> LocalRunSession.Settings.of(0, 0, ShellLambdaProperties.PORT_PARAMETER, ShellLambdaProperties.CONCURRENCY_PARAMETER))
        .isInstanceOf(LocalRunSession.InvalidRunSettingException.class)
        .hasMessage("<concurrency> (-Dshell-lambda.concurrency) is 0; it must be at least 1");
  }

  @Test
  void aSourceChangeIsRepackagedAndServedAndStoppingRemovesTheWorkFolder() throws Exception {
    RecordingLog log = new RecordingLog();
    Packaged fn = packaged(dir.resolve(""), log);
    Path src = fn.src();
    Packager packager = fn.packager();
    LocalFunctionSpec spec = fn.spec();
    Path work = dir.resolve("target/shell-lambda-local/run");
    HttpClient http = HttpClient.newHttpClient();

    LocalRunSession session = LocalRunSession.start(new LocalRunSession.Request(SETTINGS,
        spec, work, Optional.empty(), src, Optional.of(packager), dir, Optional.empty()), log);
    try {
      URI url = URI.create(session.endpoint().functionUrl());
      assertThat(http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()).body())
          .isEqualTo("{\"v\":1}");
      assertThat(log.infos).anySatisfy(l -> assertThat(l).startsWith("Serving fn, reloading on changes under "));

      Files.writeString(src.resolve("handler.sh"), "run() { cat >/dev/null; printf '{\"v\":2}'; }\n");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (log.infos.stream().noneMatch(l -> l.startsWith("Reloaded: Built target/fn.zip"))) {
        assertThat(System.nanoTime()).as("reloaded within 60 s; log: " + log.lines).isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThat(http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()).body())
          .isEqualTo("{\"v\":2}");
    } finally {
      session.close();
    }
    session.awaitStop(); // returns at once: close() ran
    assertThat(work).doesNotExist();
    assertThat(log.lines.get(log.lines.size() - 1)).isEqualTo("INFO Stopped fn; removed " + work);
  }

  @Test
  void theFunctionIsTheControlPlanesLatestOnTheSamePortAndAReloadUpdatesIt() throws Exception {
    RecordingLog log = new RecordingLog();
    Packaged fn = packaged(dir.resolve("plane/"), log);
    Path src = fn.src();
    Packager packager = fn.packager();
    LocalFunctionSpec spec = fn.spec();
    Path state = dir.resolve("plane/target/shell-lambda-local");
    Path work = state.resolve("run");
    HttpClient http = HttpClient.newHttpClient();

    LocalRunSession session = LocalRunSession.start(new LocalRunSession.Request(SETTINGS,
        spec, work, Optional.empty(), src, Optional.of(packager), dir, Optional.of(state)), log);
    try {
      String endpoint = session.endpoint().endpoint();
      assertThat(log.infos).contains("      aws lambda list-functions --endpoint-url " + endpoint
          + " --no-sign-request --region us-east-1");
      HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/2015-03-31/functions/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(list.statusCode()).isEqualTo(200);
      assertThat(list.body()).contains("\"FunctionName\":\"fn\"", "\"Version\":\"$LATEST\"");
      String sha1 = codeSha256(http, endpoint);
      assertThat(sha1).isEqualTo(sha256(spec.functionZip()));
      HttpResponse<String> invoked = http.send(HttpRequest.newBuilder(URI.create(session.endpoint().invokeUrl()))
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(invoked.body()).isEqualTo("{\"v\":1}");

      Files.writeString(src.resolve("handler.sh"), "run() { cat >/dev/null; printf '{\"v\":2}'; }\n");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (log.infos.stream().noneMatch(l -> l.startsWith("Reloaded: Built "))) {
        assertThat(System.nanoTime()).as("reloaded within 60 s; log: " + log.lines).isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThat(codeSha256(http, endpoint)).as("the reloaded zip is the plane's $LATEST")
          .isEqualTo(sha256(spec.functionZip())).isNotEqualTo(sha1);
    } finally {
      session.close();
    }
    assertThat(work).doesNotExist();
    assertThat(state.resolve("state.json")).as("the plane's state stays for the next run").exists();
  }

  @Test
  void aStateDirectoryHeldByAnotherPlaneServesTheFunctionWithoutOne() throws Exception {
    Path src = Files.createDirectories(dir.resolve("held/src/main/shell"));
    Files.writeString(src.resolve("handler.sh"), "run() { cat >/dev/null; printf '\"ok\"'; }\n");
    Path zip = dir.resolve("held/target/fn.zip");
    new Packager(new FunctionZipRequest(src, zip, "handler.run", ARCH, true, OutputTimestamp.DEFAULT,
        ShellLambdaProperties.FUNCTION_ZIP_PARAMETERS), List.of()).packageFunction(new RecordingLog());
    LocalFunctionSpec spec = new LocalFunctionSpec(FunctionConfiguration.builder("fn").architecture(ARCH).build(),
        zip, List.of(), Map.of(), false, 1);
    Path state = dir.resolve("held/target/shell-lambda-local");
    RecordingLog log = new RecordingLog();
    try (io.github.shelllambda.runtime.controlplane.ControlPlane other =
            io.github.shelllambda.runtime.controlplane.ControlPlane.builder(state).open();
        LocalRunSession session = LocalRunSession.start(new LocalRunSession.Request(LocalRunSession.Settings.of(0, 1, ShellLambdaProperties.PORT_PARAMETER, ShellLambdaProperties.CONCURRENCY_PARAMETER),
            spec, state.resolve("run"), Optional.empty(), src, Optional.empty(), dir, Optional.of(state)), log)) {
      assertThat(log.lines).anySatisfy(l -> assertThat(l).startsWith("WARN Serving without the local control plane: "
          + "another local control plane uses the state directory"));
      assertThat(session.endpoint().plane()).isEmpty();
      HttpResponse<String> invoked = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(session.endpoint().invokeUrl())).POST(HttpRequest.BodyPublishers.ofString("{}"))
              .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(invoked.body()).isEqualTo("\"ok\"");
    }
  }

  private static String codeSha256(HttpClient http, String endpoint) throws Exception {
    String body = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/2015-03-31/functions/fn")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"CodeSha256\":\"([^\"]+)\"").matcher(body);
    assertThat(m.find()).as(body).isTrue();
    return m.group(1);
  }

  private static String sha256(Path file) throws Exception {
    return java.util.Base64.getEncoder().encodeToString(
        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static final LocalRunSession.Settings SETTINGS = settings();

  private static LocalRunSession.Settings settings() {
    try {
      return LocalRunSession.Settings.of(0, 2, ShellLambdaProperties.PORT_PARAMETER,
          ShellLambdaProperties.CONCURRENCY_PARAMETER);
    } catch (LocalRunSession.InvalidRunSettingException e) {
      throw new AssertionError(e);
    }
  }

  /** A function project under {@code base}: its source folder, how it is packaged, and the packaged function. */
  private record Packaged(Path src, Packager packager, LocalFunctionSpec spec) {}

  /** Writes a handler answering {"v":1} under {@code base}, packages it and describes it. */
  private static Packaged packaged(Path base, RecordingLog log) throws Exception {
    Path src = Files.createDirectories(base.resolve("src/main/shell"));
    Files.writeString(src.resolve("handler.sh"), "run() { cat >/dev/null; printf '{\"v\":1}'; }\n");
    Path zip = base.resolve("target/fn.zip");
    Packager packager = new Packager(new FunctionZipRequest(src, zip, "handler.run", ARCH, true,
        OutputTimestamp.DEFAULT, ShellLambdaProperties.FUNCTION_ZIP_PARAMETERS), List.of());
    packager.packageFunction(log);
    LocalFunctionSpec spec = new LocalFunctionSpec(FunctionConfiguration.builder("fn").architecture(ARCH)
        .timeoutSeconds(10).build(), zip, List.of(), Map.of(), false, 2);
    return new Packaged(src, packager, spec);
  }
}
