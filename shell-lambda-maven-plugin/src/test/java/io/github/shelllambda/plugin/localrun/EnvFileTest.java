package io.github.shelllambda.plugin.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class EnvFileTest {
  @TempDir Path dir;

  @Test
  void readsKeyValueLines() throws Exception {
    Path f = dir.resolve(".env");
    Files.writeString(f, """
        # a comment
        GREETING=Hello, world
        export TOKEN = 'abc def'
        EMPTY=
        QUOTED="x=1 # not a comment"
          SPACED=  v  

        """);
    assertThat(EnvFile.read(f)).containsExactly(
        java.util.Map.entry("GREETING", "Hello, world"),
        java.util.Map.entry("TOKEN", "abc def"),
        java.util.Map.entry("EMPTY", ""),
        java.util.Map.entry("QUOTED", "x=1 # not a comment"),
        java.util.Map.entry("SPACED", "v"));
  }

  @Test
  void errorsNameFileAndLineButNotTheValue() throws Exception {
    Path f = dir.resolve("bad.env");
    Files.writeString(f, "1BAD=x\n");
    assertThatThrownBy(() -> EnvFile.read(f)).hasMessageContaining("envFile " + f + ":1: line 1: the name before '='"
        + " starts with a digit").hasMessageNotContaining("1BAD");
    Files.writeString(f, "A=\"open\n");
    assertThatThrownBy(() -> EnvFile.read(f)).hasMessageContaining("line 1: the value of A opens a quote");
    assertThatThrownBy(() -> EnvFile.read(dir.resolve("missing.env")))
        .hasMessageContaining("missing.env does not exist").hasMessageContaining("KEY=value");
  }

  /**
   * Fault 16: a line without '=' was echoed in the error, secret included ("GITHUB_TOKEN: ghp_..."
   * printed; a bare 40-character token printed whole). Every error path is fed a line holding a
   * secret; none may show any part of it.
   */
  @Test
  void noErrorShowsAnyPartOfTheLine() throws Exception {
    String token = "ghp_" + "Zq8wX3vB9kLm2Np4Rt6Yu1Io5Ap7Sd0Fg3Hj8K"; // 40 characters, like a GitHub token
    Path f = dir.resolve("secrets.env");
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("OK=1\nGITHUB_TOKEN: " + token + "\n",
        "envFile " + f + ":2: line 2 has no '=' but a ':' after a name (NAME: value, as in YAML; write NAME=value)");
    cases.put("# tokens\n\n" + token + "\n",
        "envFile " + f + ":3: line 3 has no '=' and is a single word (a bare value, perhaps a token pasted without its NAME=)");
    cases.put("export my token " + token + "\n", "envFile " + f + ":1: line 1 has no '='; each line is NAME=value");
    cases.put("GITHUB-TOKEN=" + token + "\n",
        "line 1: the name before '=' has a character other than a letter, digit or _ at position 7");
    cases.put(token.substring(0, 10) + " " + token.substring(10) + "=x\n",
        "line 1: the name before '=' has a space at position 11");
    cases.put("=" + token + "\n", "line 1: the name before '=' is empty (the line starts with '=')");
    cases.put(token + "==\n", "line 1 ends in '==', like base64 padding");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Files.writeString(f, c.getKey());
      assertThatThrownBy(() -> EnvFile.read(f))
          .isInstanceOf(EnvFile.EnvFileException.class)
          .hasMessageContaining(c.getValue())
          .hasMessageNotContaining(token.substring(4, 12))
          .hasMessageNotContaining(token.substring(30));
    }
  }

  @Test
  void notUtf8NamesTheLineAndNotItsBytes() throws Exception {
    Path f = dir.resolve("latin1.env");
    Files.write(f, "A=1\nPASSWORD=caf\u00e9!\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> EnvFile.read(f))
        .hasMessage("envFile " + f + ":2: line 2 is not UTF-8 text; save the file as UTF-8");
  }

  /** Like a test case's files (fault 15): a pipe would hang the goal, /dev/zero exhaust the heap. */
  @Test
  // guards against a hang; no timing is asserted; a separate thread, since a blocked FIFO open ignores interrupts
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void pipesDevicesAndHugeFilesAreRefused() throws Exception {
    Path fifo = dir.resolve("pipe.env");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();
    assertThatThrownBy(() -> EnvFile.read(fifo)).hasMessageContaining("envFile " + fifo
        + " is not a regular file (a named pipe, device or socket); name another file of KEY=value lines");
    assertThatThrownBy(() -> EnvFile.read(Path.of("/dev/zero"))).hasMessageContaining("not a regular file");
    Path big = dir.resolve("big.env");
    try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
      raf.setLength(EnvFile.MAX_BYTES + 1);
    }
    assertThatThrownBy(() -> EnvFile.read(big)).hasMessageContaining("is 1048577 bytes, over the 1048576 bytes");
  }
}
