package io.github.shelllambda.plugin.localrun;

import io.github.shelllambda.plugin.ShellLambdaProperties;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.shelllambda.plugin.packaging.BuildLog;
import io.github.shelllambda.plugin.packaging.FunctionZip;
import io.github.shelllambda.plugin.packaging.FunctionZipRequest;
import io.github.shelllambda.plugin.packaging.OutputTimestamp;
import io.github.shelllambda.runtime.function.Architecture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, fault 13: on SIGTERM the run goal's shutdown hook stops every process tree and removes
 * its work folder, even when every log call throws (as Maven's console layer did at shutdown).
 * The run goal's core runs in a JVM of its own ({@link LocalRunSessionMain}), which gets a real
 * SIGTERM.
 */
class LocalRunSessionSignalTest {
  @TempDir Path dir;
  Process jvm;
  long backgroundPid = -1;

  @AfterEach
  void killLeftovers() {
    if (jvm != null) {
      jvm.destroyForcibly();
    }
    if (backgroundPid > 0) {
      ProcessHandle.of(backgroundPid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what + " within 60 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }

  @Test
  void sigtermKillsTheHandlersBackgroundChildAndRemovesTheWorkFolder() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    // The background child must not hold the handler's stdout (the response) open.
    Files.writeString(src.resolve("handler.sh"), """
        run() {
          cat >/dev/null
          sleep 300 </dev/null >/dev/null 2>&1 &
          echo "$!" > "$PID_FILE"
          printf '{"ok":true}'
        }
        """);
    Path zip = dir.resolve("target/fn.zip");
    Files.createDirectories(zip.getParent());
    FunctionZip.build(new FunctionZipRequest(src, zip, "handler.run", Architecture.host().orElseThrow(), true,
        OutputTimestamp.DEFAULT, ShellLambdaProperties.FUNCTION_ZIP_PARAMETERS), BuildLog.NONE);
    Path work = dir.resolve("target/shell-lambda-local/run");
    Path pidFile = dir.resolve("background.pid");
    Path out = dir.resolve("jvm.log");

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LocalRunSessionMain.class.getName(),
        zip.toString(), work.toString(), src.toString(), pidFile.toString())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();

    Pattern url = Pattern.compile("Invoke API: +(http://127\\.0\\.0\\.1:\\d+/\\S+)");
    await("the run session prints its Invoke API URL", () -> url.matcher(read(out)).find() || !jvm.isAlive());
    Matcher m = url.matcher(read(out));
    assertThat(m.find()).as("the session started; its output:\n" + read(out)).isTrue();

    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1)))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.body()).isEqualTo("{\"ok\":true}");
    await("the handler writes its background child's pid", () -> read(pidFile).strip().matches("\\d+"));
    backgroundPid = Long.parseLong(read(pidFile).strip());
    Optional<ProcessHandle> child = ProcessHandle.of(backgroundPid);
    assertThat(child).as("the background sleep runs").hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
    assertThat(work).isDirectory();

    jvm.destroy(); // SIGTERM
    assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).as("the JVM exits on SIGTERM").isTrue();

    await("the background child is gone", () -> ProcessHandle.of(backgroundPid).map(p -> !p.isAlive()).orElse(true));
    assertThat(work).as("the work folder; JVM output:\n" + read(out)).doesNotExist();
    assertThat(read(out)).contains("[INFO] Stopped bg-fn; removed " + work);
  }
}
