package io.github.shelllambda.runtime.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The static bootstrap's own malloc (src/main/c/alloc.c, in place of musl's, which is larger than
 * the bootstrap's HTTP client), exercised by src/main/c/alloc_test.c: 200,000 random malloc,
 * realloc, calloc and free calls, built with ASan+UBSan by the Makefile. It fails when a live
 * block loses its bytes (two blocks overlap, or realloc drops contents), calloc leaves old bytes,
 * a block is misaligned, or an impossible size does not fail with ENOMEM.
 */
class AllocatorTest {

  @Test
  void randomAllocationsKeepEveryLiveBlockIntactUnderTheSanitizers() throws Exception {
    Path test = Path.of(System.getProperty("bootstrap.sanitize.dir", "target/bootstrap-sanitize")).resolve("alloc_test");
    assertThat(test).as("built by make sanitize").isExecutable();
    Process p = new ProcessBuilder(test.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("allocator: 200000 operations").doesNotContain("runtime error:").doesNotContain("Sanitizer");
  }
}
