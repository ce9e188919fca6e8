package io.github.shelllambda.plugin.localrun;

import io.github.shelllambda.plugin.failure.UserMistakeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads an {@code envFile}: {@code KEY=value} lines, as docker's {@code --env-file} and most
 * dotenv tools accept them. Blank lines and lines starting with {@code #} are ignored; an optional
 * leading {@code export } is allowed; a value in matching single or double quotes is unquoted
 * (no escapes, no variable expansion); otherwise the value is taken as written, trailing spaces
 * trimmed.
 */
public final class EnvFile {
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private EnvFile() {}

  /** A line the user must fix; names the file and line. */
  public static final class EnvFileException extends UserMistakeException {
    public EnvFileException(String message) {
      super(message);
    }
  }

  public static Map<String, String> read(Path file) throws EnvFileException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new EnvFileException(file + " does not exist; name another file, or create it with KEY=value lines");
    } catch (IOException e) {
      throw new EnvFileException("envFile " + file + " cannot be read: " + e.getMessage());
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String raw = lines.get(i);
      String line = raw.strip();
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).stripLeading();
      }
      int eq = line.indexOf('=');
      String where = file + ":" + (i + 1);
      if (eq < 0) {
        throw new EnvFileException(where + ": '" + abbreviate(line)
            + "' is not a KEY=value line; write it as NAME=value, or start it with # to comment it out");
      }
      String key = line.substring(0, eq).strip();
      if (!KEY.matcher(key).matches()) {
        throw new EnvFileException(where + ": '" + abbreviate(key)
            + "' is not a valid variable name (letters, digits and _, not starting with a digit)");
      }
      String value = line.substring(eq + 1).strip();
      if (value.length() >= 2
          && ((value.startsWith("\"") && value.endsWith("\"")) || (value.startsWith("'") && value.endsWith("'")))) {
        value = value.substring(1, value.length() - 1);
      } else if (value.startsWith("\"") || value.startsWith("'")) {
        throw new EnvFileException(where + ": the value of " + key
            + " opens a quote it does not close; values span one line");
      }
      out.put(key, value);
    }
    return out;
  }

  // Only the key is shown: a malformed line may hold a secret.
  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
