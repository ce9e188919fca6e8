package io.github.shelllambda.runtime.env;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The commands provided.al2023 has (resource {@value #RESOURCE}, sources named in it). */
public final class CommandInventory {
  public static final String RESOURCE = "META-INF/shell-lambda/al2023-commands.txt";

  /**
   * One command.
   *
   * @param hostCommand the host command that stands in for it (usually the same name)
   */
  public record Command(String name, String al2023Package, String debianPackage, String hostCommand) {}

  private final Map<String, Command> commands;

  private CommandInventory(Map<String, Command> commands) {
    this.commands = Collections.unmodifiableMap(commands);
  }

  private static volatile CommandInventory loaded;

  public static CommandInventory load() {
    CommandInventory c = loaded;
    if (c == null) {
      try (InputStream in = CommandInventory.class.getClassLoader().getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the shell-lambda-runtime jar lacks " + RESOURCE);
        }
        c = parse(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      loaded = c;
    }
    return c;
  }

  static CommandInventory parse(InputStream in) throws IOException {
    Map<String, Command> m = new LinkedHashMap<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      String[] f = t.split("\\s+");
      if (f.length < 3) {
        throw new IOException(RESOURCE + ": malformed line '" + line + "'");
      }
      m.put(f[0], new Command(f[0], f[1], f[2], f.length > 3 ? f[3] : f[0]));
    }
    return new CommandInventory(m);
  }

  public Collection<Command> commands() {
    return commands.values();
  }

  public Optional<Command> get(String name) {
    return Optional.ofNullable(commands.get(name));
  }

  public boolean contains(String name) {
    return commands.containsKey(name);
  }
}
