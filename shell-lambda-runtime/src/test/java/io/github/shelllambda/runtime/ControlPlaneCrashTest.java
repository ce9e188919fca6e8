package io.github.shelllambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.shelllambda.runtime.bootstrap.BundledBootstrap;
import java.io.BufferedReader;
import java.io.InputStreamReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import software.amazon.awssdk.core.SdkBytes;



import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * kill -9 of the plane's process while UpdateFunctionCode / PublishVersion calls are in flight,
 * then a restart on the same state directory: every acknowledged version is there with its code,
 * and nothing half-written is (versions contiguous, each one's zip present and runnable).
 */
class ControlPlaneCrashTest {
  @TempDir Path dir;

  private static Process start(Path state) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
            PlaneProcess.class.getName(), state.toString(), "0")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  private static String endpoint(Process p) throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = r.readLine()) != null; ) {
      if (line.startsWith("ENDPOINT ")) {
        return line.substring("ENDPOINT ".length());
      }
    }
    throw new IllegalStateException("the plane process ended without serving (exit " + p.waitFor() + ")");
  }

  private SdkBytes zip(int n) throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("bootstrap", BundledBootstrap.bytes(TestFunctions.host()));
    files.put("handler.sh", ("run() { printf '" + n + "'; }\n").getBytes(StandardCharsets.UTF_8));
    return SdkBytes.fromByteArray(Files.readAllBytes(TestFunctions.zip(dir.resolve("zips/" + n + ".zip"), files)));
  }

  @Test
  void killMinusNineDuringPublishVersionLosesNothingAcknowledged() throws Exception {
    Path state = dir.resolve("state");
    Map<String, String> acknowledged = new ConcurrentHashMap<>(); // version -> CodeSha256
    Process plane = start(state);
    try (LambdaClient lambda = LocalLambdaClients.withoutRetries(endpoint(plane))) {
      lambda.createFunction(b -> b.functionName("crash").runtime("provided.al2023").handler("handler.run")
          .role("arn:aws:iam::000000000000:role/r").architecturesWithStrings(TestFunctions.host().lambdaName())
          .code(c -> c.zipFile(zipUnchecked(0))));
      Thread killer = new Thread(() -> {
        while (acknowledged.size() < 8) {
          Thread.onSpinWait();
        }
        plane.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
      });
      killer.start();
      try {
        for (int i = 1; ; i++) {
          SdkBytes z = zip(i);
          lambda.updateFunctionCode(b -> b.functionName("crash").zipFile(z));
          var v = lambda.publishVersion(b -> b.functionName("crash"));
          acknowledged.put(v.version(), v.codeSha256());
        }
      } catch (RuntimeException expected) {
        // the plane died under a call
      }
      killer.join();
    }
    assertThat(plane.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(8);

    Process again = start(state);
    try (LambdaClient lambda = LocalLambdaClients.withoutRetries(endpoint(again))) {
      List<FunctionConfiguration> versions = lambda.listVersionsByFunction(b -> b.functionName("crash")).versions();
      int published = versions.size() - 1;
      assertThat(versions).extracting(FunctionConfiguration::version).first().isEqualTo("$LATEST");
      for (int n = 1; n <= published; n++) {
        assertThat(versions.get(n).version()).as("versions are contiguous").isEqualTo(Integer.toString(n));
      }
      acknowledged.forEach((version, sha) -> assertThat(
              lambda.getFunctionConfiguration(b -> b.functionName("crash").qualifier(version)).codeSha256())
          .as("acknowledged version " + version).isEqualTo(sha));
      String newest = Integer.toString(published);
      String ran = lambda.invoke(b -> b.functionName("crash").qualifier(newest)).payload().asUtf8String();
      assertThat(ran).as("the newest version's zip is complete and runs").matches("[0-9]+");
      assertThat(state.resolve("state.json.tmp")).doesNotExist();
    } finally {
      again.destroy(); // SIGTERM: the plane closes the version it ran
      again.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private SdkBytes zipUnchecked(int n) {
    try {
      return zip(n);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
