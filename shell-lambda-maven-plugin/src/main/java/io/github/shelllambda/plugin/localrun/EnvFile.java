package io.github.shelllambda.plugin.localrun;

import io.github.shelllambda.plugin.failure.UserMistakeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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
 *
 * <p>An envFile holds secrets, so no error shows any of a line's content: a message names the
 * file, the line number and what is wrong with it. The one exception is a valid variable name
 * (the part before {@code =} of a well-formed line), which is a name, not a value.
 */
public final class EnvFile {
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Far beyond Lambda's 4 KB for all of a function's variables; bounds what a wrong path can cost. */
  public static final long MAX_BYTES = 1 << 20;

  private EnvFile() {}

  /** A line the user must fix; names the file and line, never the line's content. */
  public static final class EnvFileException extends UserMistakeException {
    public EnvFileException(String message) {
      super(message);
    }
  }

  public static Map<String, String> read(Path file) throws EnvFileException {
    List<String> lines = lines(file);
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1).strip();
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).stripLeading();
      }
      int eq = line.indexOf('=');
      String where = "envFile " + file + ":" + (i + 1) + ": line " + (i + 1);
      if (eq < 0) {
        throw new EnvFileException(where + " has no '='" + noEqualsHint(line) + "; each line is NAME=value."
            + " Write it so, or start it with # to comment it out (the line is not shown: it may hold a secret)");
      }
      String key = line.substring(0, eq).strip();
      if (!KEY.matcher(key).matches()) {
        throw new EnvFileException(where + ": the name before '=' " + whatIsWrongWith(key)
            + "; a variable name has letters, digits and _ only, and does not start with a digit"
            + " (the line is not shown: it may hold a secret)");
      }
      String value = line.substring(eq + 1).strip();
      if (!value.isEmpty() && value.chars().allMatch(c -> c == '=')) {
        throw new EnvFileException(where + " ends in '" + "=".repeat(value.length() + 1) + "', like base64 padding:"
            + " it looks like a bare secret rather than NAME=value. Write it as NAME=value (quote the value"
            + " if it ends in '=': NAME=\"...==\")");
      }
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

  /** The file's lines, after checking it is a regular UTF-8 file of reasonable size. */
  private static List<String> lines(Path file) throws EnvFileException {
    String fix = "; name another file";
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new EnvFileException("envFile " + file + " does not exist" + fix + ", or create it with KEY=value lines");
    } catch (IOException e) {
      throw new EnvFileException("envFile " + file + " cannot be read: " + e.getMessage() + fix);
    }
    if (!attrs.isRegularFile()) {
      throw new EnvFileException("envFile " + file + " is " + (attrs.isDirectory() ? "a folder" : "not a regular file"
          + " (a named pipe, device or socket)") + fix + " of KEY=value lines");
    }
    if (attrs.size() > MAX_BYTES) {
      throw new EnvFileException("envFile " + file + " is " + attrs.size() + " bytes, over the " + MAX_BYTES
          + " bytes an envFile may have (Lambda allows 4 KB of variables in all)" + fix);
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes((int) MAX_BYTES + 1);
    } catch (IOException e) {
      throw new EnvFileException("envFile " + file + " cannot be read: " + e.getMessage() + fix);
    }
    if (bytes.length > MAX_BYTES) {
      throw new EnvFileException("envFile " + file + " is over the " + MAX_BYTES + " bytes an envFile may have" + fix);
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer text = CharBuffer.allocate(bytes.length);
    CoderResult r = decoder.decode(in, text, true);
    if (r.isError()) {
      int line = 1;
      for (int i = 0; i < in.position(); i++) {
        line += bytes[i] == '\n' ? 1 : 0;
      }
      throw new EnvFileException("envFile " + file + ":" + line + ": line " + line
          + " is not UTF-8 text; save the file as UTF-8");
    }
    decoder.flush(text);
    text.flip();
    return text.toString().lines().toList();
  }

  /** A hint about a line without '=' that says nothing of its content beyond its shape. */
  private static String noEqualsHint(String line) {
    int colon = line.indexOf(':');
    if (colon > 0 && KEY.matcher(line.substring(0, colon).strip()).matches()) {
      return " but a ':' after a name (NAME: value, as in YAML; write NAME=value)";
    }
    if (line.chars().noneMatch(Character::isWhitespace)) {
      return " and is a single word (a bare value, perhaps a token pasted without its NAME=)";
    }
    return "";
  }

  private static String whatIsWrongWith(String key) {
    if (key.isEmpty()) {
      return "is empty (the line starts with '=')";
    }
    if (Character.isDigit(key.charAt(0))) {
      return "starts with a digit";
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!(c == '_' || c < 128 && Character.isLetterOrDigit(c))) {
        return "has " + (Character.isWhitespace(c) ? "a space" : "a character other than a letter, digit or _")
            + " at position " + (i + 1);
      }
    }
    return "is not a valid name";
  }
}
