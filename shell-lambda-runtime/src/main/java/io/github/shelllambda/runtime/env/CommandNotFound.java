package io.github.shelllambda.runtime.env;

import io.github.shelllambda.runtime.env.CommandInventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains a shell's "command not found" line: the command is not in provided.al2023 (so it fails
 * when deployed too), or it is, but this host lacks it.
 */
public final class CommandNotFound {
  // bash: "handler.sh: line 3: jq: command not found"; dash/sh: "sh: 1: jq: not found"
  private static final Pattern BASH = Pattern.compile("^.*?: (?:line \\d+: )?([^\\s:/]+): command not found$");

  private CommandNotFound() {}

  /**
   * The explanation for {@code line}, or empty when it is not a command-not-found line.
   *
   * @param layerBins folders on PATH after the system part (the layers' bin)
   */
  public static Optional<String> explain(String line, CommandInventory inventory, List<Path> layerBins, boolean hostPath) {
    Matcher m = BASH.matcher(line);
    if (!m.matches()) {
      return Optional.empty();
    }
    String cmd = m.group(1);
    for (Path bin : layerBins) {
      if (Files.exists(bin.resolve(cmd))) {
        return Optional.empty();
      }
    }
    Optional<CommandInventory.Command> c = inventory.get(cmd);
    if (c.isPresent()) {
      return Optional.of(
          "shell-lambda: '" + cmd + "' is in provided.al2023 (package " + c.get().al2023Package()
              + ") but not on this host: install it (Debian: sudo apt-get install " + c.get().debianPackage() + ")");
    }
    if (hostPath) {
      return Optional.of(
          "shell-lambda: '" + cmd + "' is not in provided.al2023 either: when deployed, bring it in a layer (its bin/ is on PATH) or in the function zip");
    }
    return Optional.of(
        "shell-lambda: '" + cmd + "' is not in provided.al2023, so it fails the same way when deployed: bring it in a"
            + " layer (a layer's bin/ is on PATH, e.g. the jq layer) or in the function zip; locally PATH holds only"
            + " provided.al2023's commands (hostPath=true puts the host's PATH back)");
  }
}
