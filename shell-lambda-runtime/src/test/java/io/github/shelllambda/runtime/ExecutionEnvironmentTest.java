package io.github.shelllambda.runtime;

import io.github.shelllambda.runtime.function.Invocation;
import io.github.shelllambda.runtime.function.InvokeRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The execution environment a provided.al2023 function sees, with the real bootstrap and bash handlers. */
class ExecutionEnvironmentTest {
  @TempDir Path dir;

  static Map<String, String> parseEnv(String out) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : out.split("\0")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        m.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return m;
  }

  @Test
  void lambdaVariablesAndNothingFromTheHost() throws Exception {
    try (LocalFunction fn =
        TestFunctions.function(dir, "run() { env -0; }\n")
            .configuration(
                TestFunctions.config("env-fn").memorySizeMb(256).environment(Map.of("GREETING", "hi")).build())
            .region("eu-west-1")
            .start()) {
      Invocation inv = fn.invoke(InvokeRequest.of("{}"));
      Map<String, String> env = parseEnv(inv.payloadAsString());
      assertThat(env)
          .containsEntry("_HANDLER", "handler.run")
          .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "env-fn")
          .containsEntry("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
          .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
          .containsEntry("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/env-fn")
          .containsEntry("AWS_REGION", "eu-west-1")
          .containsEntry("AWS_DEFAULT_REGION", "eu-west-1")
          .containsEntry("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand")
          .containsEntry("AWS_LAMBDA_LOG_FORMAT", "Text")
          .containsEntry("TZ", ":UTC")
          .containsEntry("LANG", "en_US.UTF-8")
          .containsEntry("GREETING", "hi");
      assertThat(env.get("AWS_LAMBDA_LOG_STREAM_NAME")).matches("\\d{4}/\\d\\d/\\d\\d/\\[\\$LATEST\\][0-9a-f]{32}");
      assertThat(env.get("AWS_LAMBDA_RUNTIME_API")).matches("127\\.0\\.0\\.1:\\d+");
      assertThat(Path.of(env.get("LAMBDA_TASK_ROOT"))).isDirectory().isNotEqualTo(Path.of("/var/task"));
      assertThat(Path.of(env.get("LAMBDA_TASK_ROOT")).resolve("handler.sh")).isRegularFile();
      assertThat(Path.of(env.get("LAMBDA_RUNTIME_DIR"))).isDirectory();
      assertThat(Path.of(env.get("TMPDIR"))).isDirectory().isNotEqualTo(Path.of("/tmp"));
      assertThat(env.get("LAMBDA_RUNTIME_AWS_REQUEST_ID")).isEqualTo(inv.requestId());
      // Nothing from the host leaks in: every variable is one Lambda (or the bootstrap, or bash) sets.
      Set<String> expected =
          new HashSet<>(
              List.of(
                  "_HANDLER", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                  "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_REGION", "AWS_DEFAULT_REGION",
                  "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_FORMAT", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
                  "TZ", "LANG", "PATH", "LD_LIBRARY_PATH", "TMPDIR", "GREETING", "PWD", "SHLVL", "_", "OLDPWD"));
      for (String k : env.keySet()) {
        boolean ours = expected.contains(k) || k.startsWith("LAMBDA_RUNTIME_") || k.equals("_X_AMZN_TRACE_ID");
        assertThat(ours).as("unexpected variable %s=%s (host leak?)", k, env.get(k)).isTrue();
      }
      for (String hostVar : System.getenv().keySet()) {
        if (!expected.contains(hostVar)) {
          assertThat(env).as("host variable %s leaked", hostVar).doesNotContainKey(hostVar);
        }
      }
    }
  }

  @Test
  void pathHasTheSystemPartFirstAndTheLayersBinLast() throws Exception {
    try (LocalFunction fn =
        TestFunctions.function(dir, "run() { echo \"$PATH\"; echo \"$LD_LIBRARY_PATH\"; command -v jq; command -v curl; }\n")
            .layer(TestFunctions.jqLayer(dir, TestFunctions.host()))
            .start()) {
      String[] out = fn.invoke(InvokeRequest.of("{}")).payloadAsString().split("\n");
      String[] path = out[0].split(":");
      assertThat(path).hasSize(2);
      assertThat(path[0]).endsWith("/system/bin");
      assertThat(path[1]).endsWith("/opt/bin");
      assertThat(out[1]).endsWith("/opt/lib");
      assertThat(out[2]).as("the layer's jq, not the host's").isEqualTo(path[1] + "/jq");
      assertThat(out[3]).isEqualTo(path[0] + "/curl");
    }
  }

  static final String JQ_HANDLER = "run() { echo '{\"a\":1}' | jq .a; }\n";

  @Test
  void aCommandProvidedAl2023LacksFailsWithAnExplanation() throws Exception {
    // jq is on this host (see the next test), but not in provided.al2023: it must not be found.
    CopyOnWriteArrayList<String> sink = new CopyOnWriteArrayList<>();
    try (LocalFunction fn = TestFunctions.function(dir, JQ_HANDLER).logSink(sink::add).start()) {
      Invocation inv = fn.invoke(InvokeRequest.of("{}"));
      assertThat(inv.error()).isPresent();
      assertThat(inv.log()).contains("jq: command not found");
      assertThat(inv.log()).contains("'jq' is not in provided.al2023");
      assertThat(sink).anyMatch(l -> l.contains("'jq' is not in provided.al2023"));
    }
  }

  @Test
  void hostPathPutsTheHostsCommandsBack() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(FunctionSetupAccess.hostHas("jq"), "this host has no jq");
    try (LocalFunction fn = TestFunctions.function(dir, JQ_HANDLER).hostPath(true).start()) {
      Invocation inv = fn.invoke(InvokeRequest.of("{}"));
      assertThat(inv.error()).isEmpty();
      assertThat(inv.payloadAsString()).isEqualTo("1\n");
    }
  }

  @Test
  void laterLayersOverwriteEarlierOnes() throws Exception {
    Path first =
        TestFunctions.zip(
            dir.resolve("l1.zip"),
            Map.of("bin/layer-who", "#!/bin/sh\necho first\n".getBytes(), "bin/only1", "#!/bin/sh\necho one\n".getBytes()));
    Path second = TestFunctions.zip(dir.resolve("l2.zip"), Map.of("bin/layer-who", "#!/bin/sh\necho second\n".getBytes()));
    try (LocalFunction fn = TestFunctions.function(dir, "run() { layer-who; only1; }\n").layer(first).layer(second).start()) {
      assertThat(fn.invoke(InvokeRequest.of("{}")).payloadAsString()).isEqualTo("second\none\n");
    }
  }

  /**
   * Bash that waits until {@code n} invocations have arrived (each leaves a file in {@code
   * folder}): invocations held there overlap, so each needs an environment of its own, however
   * slowly the machine starts them. The function timeout bounds the wait.
   */
  static String arrivedTogether(Path folder, int n) {
    return "touch '" + folder + "/'\"$LAMBDA_RUNTIME_AWS_REQUEST_ID\"; shopt -s nullglob; local arrived; arrived=('"
        + folder + "'/*); while (( ${#arrived[@]} < " + n + " )); do sleep 0.05; arrived=('" + folder + "'/*); done;";
  }

  @Test
  void twoEnvironmentsHavePrivateTmpdirs() throws Exception {
    Path arrived = java.nio.file.Files.createDirectories(dir.resolve("arrived"));
    String handler =
        "run() { local ev; ev=$(cat); echo \"$ev\" > \"$TMPDIR/same-name\"; " + arrivedTogether(arrived, 2)
            + " printf '%s %s' \"$(cat \"$TMPDIR/same-name\")\" \"$TMPDIR\"; }\n";
    try (LocalFunction fn = TestFunctions.function(dir, handler).maxConcurrency(2).start()) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<Invocation> a = pool.submit(() -> fn.invoke(InvokeRequest.of("\"a\"")));
        Future<Invocation> b = pool.submit(() -> fn.invoke(InvokeRequest.of("\"b\"")));
        String[] ra = a.get().payloadAsString().split(" ");
        String[] rb = b.get().payloadAsString().split(" ");
        assertThat(ra[0]).isEqualTo("\"a\"");
        assertThat(rb[0]).isEqualTo("\"b\"");
        assertThat(ra[1]).isNotEqualTo(rb[1]);
        assertThat(fn.environmentCount()).isEqualTo(2);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void eightConcurrentInvocationsUseSeveralEnvironmentsAndWarmOnesAreReused() throws Exception {
    // the first two to arrive wait for each other: at least two environments, on any machine
    Path arrived = java.nio.file.Files.createDirectories(dir.resolve("arrived"));
    String handler = "run() { " + arrivedTogether(arrived, 2) + " printf '%s' \"$TMPDIR\"; }\n";
    try (LocalFunction fn = TestFunctions.function(dir, handler).maxConcurrency(8).start()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Invocation>> fs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          fs.add(pool.submit(() -> fn.invoke(InvokeRequest.of("{}"))));
        }
        Set<String> tmpdirs = new HashSet<>();
        for (Future<Invocation> f : fs) {
          Invocation inv = f.get();
          assertThat(inv.error()).isEmpty();
          tmpdirs.add(inv.payloadAsString());
        }
        assertThat(tmpdirs).hasSizeGreaterThan(1);
        assertThat(fn.environmentCount()).isEqualTo(tmpdirs.size());
        int before = fn.environmentCount();
        Invocation warm = fn.invoke(InvokeRequest.of("{}"));
        assertThat(warm.coldStart()).isFalse();
        assertThat(warm.report().initDurationMs()).isEmpty();
        assertThat(fn.environmentCount()).isEqualTo(before);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void localCredentialsReachTheFunctionAndNothingElseComesInThatWay() throws Exception {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TestFunctions.function(dir.resolve("refused"), "run() { :; }\n")
                .localCredentials(Map.of("AWS_REGION", "eu-west-1"))
                .start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not AWS_REGION");
    try (LocalFunction fn =
        TestFunctions.function(dir.resolve("passed"), "run() { printf '%s' \"$AWS_ACCESS_KEY_ID\"; }\n")
            .localCredentials(Map.of("AWS_ACCESS_KEY_ID", "AKIDLOCAL", "AWS_SECRET_ACCESS_KEY", "s3cr3t"))
            .start()) {
      assertThat(fn.invoke(InvokeRequest.of("{}")).payloadAsString()).isEqualTo("AKIDLOCAL");
    }
  }
}
