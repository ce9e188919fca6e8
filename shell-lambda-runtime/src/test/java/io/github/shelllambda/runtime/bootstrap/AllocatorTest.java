package io.github.shelllambda.runtime.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The static bootstrap's own malloc (src/main/c/alloc.c, in place of musl's, which is larger than
 * the bootstrap's HTTP client), exercised by src/main/c/alloc_test.c: 200,000 random malloc,
 * realloc, calloc and free calls, each live block's bytes verified. Two builds, both from the
 * Makefile's sanitize target: with ASan+UBSan instrumenting alloc.c (its functions renamed, beside
 * the host's malloc), and as the real malloc of a static musl program built with the bootstrap's
 * flags (which is where a compiler turning calloc's malloc and memset into a call to calloc,
 * itself, would show). Either fails when a live block loses its bytes (two blocks overlap, or
 * realloc drops contents), calloc leaves old bytes, a block is misaligned, or an impossible size
 * does not fail with ENOMEM.
 */
class AllocatorTest {

  static final Path DIR = Path.of(System.getProperty("bootstrap.sanitize.dir", "target/bootstrap-sanitize"));

  @ParameterizedTest
  @ValueSource(strings = {"alloc_test", "alloc_test_musl"})
  void randomAllocationsKeepEveryLiveBlockIntact(String build) throws Exception {
    Path test = DIR.resolve(build);
    assertThat(test).as("built by make sanitize").isExecutable();
    Process p = new ProcessBuilder(test.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("allocator: 200000 operations").doesNotContain("runtime error:").doesNotContain("Sanitizer");
  }
}
