package io.github.shelllambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
  @TempDir Path dir;

  @Test
  void echoes() throws Exception {
    try (LocalFunction fn =
        TestFunctions.function(dir, "echo init >&2\nrun() { ev=$(cat); echo \"{\\\"got\\\":$ev}\"; echo hello-log >&2; }\n")
            .logSink(System.out::println)
            .start()) {
      Invocation a = fn.invoke(InvokeRequest.of("{\"a\":1}"));
      System.out.println(a.payloadAsString());
      System.out.println(a.log());
      Invocation b = fn.invoke(InvokeRequest.of("[2]"));
      System.out.println(b.payloadAsString());
      assertThat(b.payloadAsString()).isEqualTo("{\"got\":[2]}\n");
    }
  }
}
