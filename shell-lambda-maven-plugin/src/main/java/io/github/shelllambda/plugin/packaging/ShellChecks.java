package io.github.shelllambda.plugin.packaging;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Static checks of the scripts going into a function zip. User code is never run or sourced at
 * build time: {@code bash -n} only parses, and the handler function is looked for with a regular
 * expression.
 */
public final class ShellChecks {

  private static final long PROCESS_TIMEOUT_SECONDS = 30;

  private static final Pattern ABSOLUTE = Pattern.compile("(/opt/|/var/task|/tmp/)");

  /**
   * The functions the bootstrap defines before it sources the handler file (its toolkit,
   * docs/writing-a-handler.md); keep in step with shell-lambda-runtime/src/main/c/toolkit.sh.
   */
  public static final List<String> TOOLKIT_FUNCTIONS =
      List.of("lambda_error", "lambda_http", "lambda_json_string", "lambda_log", "lambda_require_header");

  private static final Pattern TOOLKIT_DEFINITION = Pattern.compile(
      "^\\s*(?:function\\s+(" + String.join("|", TOOLKIT_FUNCTIONS) + ")(?=[\\s({]|$)|("
          + String.join("|", TOOLKIT_FUNCTIONS) + ")\\s*\\(\\s*\\))");

  private ShellChecks() {}

  /** True for files bash will run: {@code *.sh}, {@code bootstrap}, and files starting with a shebang. */
  public static boolean isScript(String name, byte[] content) {
    String base = name.substring(name.lastIndexOf('/') + 1);
    return base.endsWith(".sh") || base.equals("bootstrap") && !isElf(content) || startsWith(content, "#!");
  }

  /** True for scripts bash should parse: {@code *.sh}, and shebang scripts run by bash or sh. */
  public static boolean isBashScript(String name, byte[] content) {
    if (name.endsWith(".sh")) {
      return true;
    }
    if (!startsWith(content, "#!")) {
      return false;
    }
    String first = firstLine(content);
    return first.matches("#!\\s*\\S*/(env\\s+)?(ba)?sh(\\s.*)?") || first.matches("#!\\s*/usr/bin/env\\s+(ba)?sh(\\s.*)?");
  }

  /** Fails on the first CRLF line ending, naming the file and line. */
  public static void checkLineEndings(Path file, byte[] content) throws LineEndingException {
    int line = 1;
    int first = -1;
    int count = 0;
    for (int i = 0; i < content.length; i++) {
      if (content[i] == '\n') {
        if (i > 0 && content[i - 1] == '\r') {
          count++;
          if (first < 0) {
            first = line;
          }
        }
        line++;
      }
    }
    if (first > 0) {
      throw new LineEndingException(file, first, count);
    }
  }

  /**
   * Runs {@code bash -n} on the file: parse only, nothing executes.
   *
   * @return false when bash is not installed (the check was skipped)
   */
  public static boolean checkSyntax(Path file, BuildLog log) throws IOException, ShellSyntaxException {
    Optional<Path> bash = onPath("bash");
    if (bash.isEmpty()) {
      log.warn("bash is not on PATH: cannot check the syntax of " + file + " (bash -n)");
      return false;
    }
    Result r = run(List.of(bash.get().toString(), "-n", file.toString()));
    if (r.exit != 0) {
      throw new ShellSyntaxException(file, r.output);
    }
    return true;
  }

  /** Logs shellcheck's findings as warnings when shellcheck is installed; never fails the build. */
  public static void shellcheck(Path file, BuildLog log) throws IOException {
    Optional<Path> sc = onPath("shellcheck");
    if (sc.isEmpty()) {
      return;
    }
    Result r = run(List.of(sc.get().toString(), "--format=gcc", "--shell=bash", file.toString()));
    for (String line : r.output.split("\n")) {
      if (!line.isBlank()) {
        log.warn("shellcheck: " + line);
      }
    }
  }

  /** True when the script defines {@code func} as {@code func()} or {@code function func}. */
  public static boolean definesFunction(String script, String func) {
    String f = Pattern.quote(func);
    return Pattern.compile("(?m)^\\s*(function\\s+" + f + "(\\s*\\(\\s*\\))?(\\s|\\{|$)|" + f + "\\s*\\(\\s*\\))")
        .matcher(script).find();
  }

  /** Lines (1-based, with their text) that use /opt/, /var/task or /tmp/ outside comments. */
  public static List<String> absolutePathUses(Path file, String script) {
    List<String> out = new ArrayList<>();
    String[] lines = script.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      if (l.stripLeading().startsWith("#")) {
        continue;
      }
      var m = ABSOLUTE.matcher(l);
      if (m.find()) {
        out.add(file + " line " + (i + 1) + " uses the absolute path '" + m.group(1) + "' ("
            + l.strip() + "); local runs put the task and layer folders elsewhere and give each environment"
            + " its own TMPDIR. Use " + hint(m.group(1)));
      }
    }
    return out;
  }

  /**
   * One warning per line (1-based) defining a function of a toolkit name: that definition
   * replaces the toolkit's for the handler, which is allowed but rarely meant.
   */
  public static List<String> toolkitRedefinitions(Path file, String script) {
    List<String> out = new ArrayList<>();
    String[] lines = script.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      var m = TOOLKIT_DEFINITION.matcher(lines[i]);
      if (m.find()) {
        String name = m.group(1) != null ? m.group(1) : m.group(2);
        out.add(file + " line " + (i + 1) + " defines the function '" + name + "', which the bootstrap's toolkit"
            + " already defines: this definition replaces the toolkit's for the handler (docs/writing-a-handler.md,"
            + " \"The toolkit\"). Rename it unless that is what you want.");
      }
    }
    return out;
  }

  private static String hint(String path) {
    return switch (path) {
      case "/opt/" -> "the command name (jq, not /opt/bin/jq: layers' bin is on PATH) or $LAMBDA_TASK_ROOT/../opt";
      case "/var/task" -> "$LAMBDA_TASK_ROOT";
      default -> "$TMPDIR (or mktemp)";
    };
  }

  static boolean isElf(byte[] c) {
    return c.length >= 4 && c[0] == 0x7f && c[1] == 'E' && c[2] == 'L' && c[3] == 'F';
  }

  private static boolean startsWith(byte[] c, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
    if (c.length < p.length) {
      return false;
    }
    for (int i = 0; i < p.length; i++) {
      if (c[i] != p[i]) {
        return false;
      }
    }
    return true;
  }

  private static String firstLine(byte[] c) {
    int n = 0;
    while (n < c.length && n < 256 && c[n] != '\n' && c[n] != '\r') {
      n++;
    }
    return new String(c, 0, n, StandardCharsets.UTF_8);
  }

  static Optional<Path> onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, command);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    Process p = pb.start();
    try {
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(command.get(0) + " did not finish within " + PROCESS_TIMEOUT_SECONDS + " s");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    }
  }
}
