package io.github.shelllambda.plugin.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
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
    Files.writeString(f, "OK=1\nsecret-value-without-key\n");
    assertThatThrownBy(() -> EnvFile.read(f)).hasMessageContaining(f + ":2").hasMessageContaining("not a KEY=value line");
    Files.writeString(f, "1BAD=x\n");
    assertThatThrownBy(() -> EnvFile.read(f)).hasMessageContaining(f + ":1").hasMessageContaining("'1BAD' is not a valid variable name");
    Files.writeString(f, "A=\"open\n");
    assertThatThrownBy(() -> EnvFile.read(f)).hasMessageContaining("opens a quote");
    assertThatThrownBy(() -> EnvFile.read(dir.resolve("missing.env")))
        .hasMessageContaining("missing.env does not exist").hasMessageContaining("KEY=value");
  }
}
