package io.github.shelllambda.runtime.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Replays the committed fuzz corpus (src/test/fuzz/http_parse) through the bootstrap's HTTP
 * response parser and chunked decoder, built with ASan+UBSan by the Makefile
 * (bootstrap-sanitize/http_parse_replay). The harness aborts on a memory error, undefined
 * behaviour, or a broken property (decoded bytes outnumbering input bytes, or piecewise decoding
 * disagreeing with decoding at once).
 */
class HttpParserCorpusTest {

  @Test
  void theCommittedCorpusReplaysCleanUnderTheSanitizers() throws Exception {
    Path replay = Path.of(System.getProperty("bootstrap.sanitize.dir", "target/bootstrap-sanitize")).resolve("http_parse_replay");
    Path corpus = Path.of("src/test/fuzz/http_parse");
    assertThat(replay).as("built by make sanitize").isExecutable();
    long inputs;
    try (Stream<Path> s = Files.list(corpus)) {
      inputs = s.filter(Files::isRegularFile).count();
    }
    assertThat(inputs).as("corpus inputs").isGreaterThan(30);
    Process p = new ProcessBuilder(replay.toString(), corpus.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("replayed " + inputs + " inputs").doesNotContain("runtime error:").doesNotContain("Sanitizer");
  }
}
