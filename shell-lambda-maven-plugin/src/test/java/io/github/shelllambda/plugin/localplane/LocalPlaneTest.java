package io.github.shelllambda.plugin.localplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.shelllambda.plugin.packaging.BuildLog;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/** start writes the endpoint and serves the Lambda API there; one plane per state directory; stop frees it. */
class LocalPlaneTest {
  @TempDir Path dir;

  @Test
  void startServesTheApiAtTheEndpointItWritesAndStopStopsIt() throws Exception {
    Path state = dir.resolve("state");
    Path endpointFile = dir.resolve("target/shell-lambda-endpoint.txt");
    List<String> info = new ArrayList<>();
    BuildLog log = new BuildLog() {
      @Override public void info(String m) { info.add(m); }
      @Override public void warn(String m) {}
      @Override public void debug(String m) {}
    };
    LocalPlane.Running running =
        LocalPlane.start(new LocalPlane.Request(0, state, Duration.ZERO, endpointFile), log);
    try {
      String endpoint = Files.readString(endpointFile).trim();
      assertThat(endpoint).isEqualTo(running.endpoint()).startsWith("http://127.0.0.1:");
      assertThat(info).anyMatch(l -> l.contains("aws lambda list-functions --endpoint-url " + endpoint));
      try (LambdaClient lambda = LambdaClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "local")))
          .httpClient(UrlConnectionHttpClient.create()).build()) {
        assertThat(lambda.listFunctions().functions()).extracting(FunctionConfiguration::functionName).isEmpty();
      }
      assertThatThrownBy(() -> LocalPlane.start(new LocalPlane.Request(0, state, Duration.ZERO, null), log))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("already runs on");
    } finally {
      assertThat(LocalPlane.stop(state)).isTrue();
    }
    assertThat(LocalPlane.stop(state)).as("nothing left to stop").isFalse();
    assertThat(state.resolve("code")).isDirectory();
  }
}
