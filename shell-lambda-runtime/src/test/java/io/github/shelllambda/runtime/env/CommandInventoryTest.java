package io.github.shelllambda.runtime.env;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.shelllambda.runtime.function.LogSink;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandInventoryTest {
  @TempDir Path dir;

  @Test
  void theResourceNamesItsSourcesAndHoldsWhatProvidedAl2023Has() throws Exception {
    String text;
    try (var in = getClass().getClassLoader().getResourceAsStream(CommandInventory.RESOURCE)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(text).contains("al2023-container-image-types", "amazonlinux/amazon-linux-2023/issues/585");
    CommandInventory inv = CommandInventory.load();
    assertThat(inv.commands()).extracting(CommandInventory.Command::name)
        .contains("bash", "sh", "cat", "base64", "curl", "gawk", "awk", "grep", "sed", "sha256sum", "timeout", "getent");
    assertThat(inv.contains("jq")).isFalse();
    assertThat(inv.contains("find")).isFalse();
    assertThat(inv.contains("tar")).isFalse();
    assertThat(inv.contains("which")).isFalse();
    assertThat(inv.get("sh").orElseThrow().hostCommand()).isEqualTo("bash");
    assertThat(inv.get("curl").orElseThrow().debianPackage()).isEqualTo("curl");
    assertThat(inv.get("curl").orElseThrow().al2023Package()).isEqualTo("curl-minimal");
  }

  @Test
  void aCommandTheHostLacksIsNamedInAWarningWithItsDebianPackage() throws Exception {
    CommandInventory inv =
        CommandInventory.parse(
            new ByteArrayInputStream(
                "# test\ncat coreutils-single coreutils\nno-such-tool-xyz some-rpm some-deb\n".getBytes(StandardCharsets.UTF_8)));
    List<String> warnings = new ArrayList<>();
    LogSink sink =
        new LogSink() {
          public void line(String line) {}

          public void warning(String message) {
            warnings.add(message);
          }
        };
    Path bin = FunctionSetup.linkSystemCommands(inv, dir.resolve("bin"), sink);
    assertThat(Files.isSymbolicLink(bin.resolve("cat"))).isTrue();
    assertThat(bin.resolve("no-such-tool-xyz")).doesNotExist();
    assertThat(warnings).singleElement().asString().contains("no-such-tool-xyz (Debian package some-deb)", "apt-get install some-deb");
  }
}
