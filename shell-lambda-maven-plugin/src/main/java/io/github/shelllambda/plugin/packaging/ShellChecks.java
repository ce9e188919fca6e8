package io.github.shelllambda.plugin.packaging;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

  /** How long shellcheck may take on one file before it is stopped (a warning says so). */
  public static final Duration SHELLCHECK_TIME_LIMIT = Duration.ofSeconds(30);

  /**
   * The address space shellcheck may use on one file ({@code ulimit -v}): checking an ordinary
   * handler takes well under 256 MB, a generated 1,500-line script took 8 GB unbounded.
   */
  public static final long SHELLCHECK_MEMORY_LIMIT_BYTES = 1L << 30;

  /** How long {@code bash -n} may take; it parses in milliseconds, so this only stops a hung process. */
  static final Duration BASH_TIME_LIMIT = Duration.ofSeconds(30);

  /** Output kept from one checker run: enough for hundreds of findings, never the whole heap. */
  static final int MAX_OUTPUT_BYTES = 256 * 1024;

  private static final Pattern ABSOLUTE = Pattern.compile("(/opt/|/var/task|/tmp/)");

  /**
   * The functions the bootstrap defines before it sources the handler file (its toolkit,
   * docs/writing-a-handler.md); keep in step with shell-lambda-runtime/src/main/c/toolkit.sh.
   */
  public static final List<String> TOOLKIT_FUNCTIONS =
      List.of("lambda_error", "lambda_http", "lambda_json_string", "lambda_log", "lambda_require_header",
          "lambda_secret", "lambda_stream_start");

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

  /**
   * Fails on CRLF line endings, and on a carriage return without a line feed (classic Mac OS line
   * endings), naming the file and the first such line. Lines are counted as an editor shows them:
   * LF, CRLF and a lone CR each end one.
   */
  public static void checkLineEndings(Path file, byte[] content) throws LineEndingException {
    int line = 1;
    int firstCrlf = -1;
    int crlfs = 0;
    int firstLoneCr = -1;
    int loneCrs = 0;
    for (int i = 0; i < content.length; i++) {
      if (content[i] == '\n') {
        if (i > 0 && content[i - 1] == '\r') {
          crlfs++;
          if (firstCrlf < 0) {
            firstCrlf = line;
          }
        }
        line++;
      } else if (content[i] == '\r' && (i + 1 == content.length || content[i + 1] != '\n')) {
        loneCrs++;
        if (firstLoneCr < 0) {
          firstLoneCr = line;
        }
        line++;
      }
    }
    if (firstLoneCr > 0) {
      throw LineEndingException.loneCarriageReturn(file, firstLoneCr, loneCrs);
    }
    if (firstCrlf > 0) {
      throw new LineEndingException(file, firstCrlf, crlfs);
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

  /**
   * Logs shellcheck's findings as warnings when shellcheck is installed; never fails the build.
   * shellcheck runs with {@link #SHELLCHECK_TIME_LIMIT} and {@link #SHELLCHECK_MEMORY_LIMIT_BYTES}:
   * on some large generated scripts its analysis takes minutes and gigabytes, and a lint is not
   * worth that. Over either limit it is stopped and a warning names the file and the limit.
   */
  public static void shellcheck(Path file, BuildLog log) throws IOException {
    Optional<Path> sc = onPath("shellcheck");
    if (sc.isEmpty()) {
      return;
    }
    shellcheck(file, log, sc.get(), SHELLCHECK_TIME_LIMIT, SHELLCHECK_MEMORY_LIMIT_BYTES);
  }

  /** {@link #shellcheck(Path, BuildLog)} with the executable and limits given (tests use small ones). */
  static void shellcheck(Path file, BuildLog log, Path shellcheck, Duration timeLimit, long memoryLimitBytes)
      throws IOException {
    Result r = run(List.of(shellcheck.toString(), "--format=gcc", "--shell=bash", file.toString()), timeLimit,
        memoryLimitBytes);
    if (r.timedOut) {
      log.warn("shellcheck did not finish checking " + file + " within its " + seconds(timeLimit)
          + " limit and was stopped; the file is packaged without shellcheck's findings. Run 'shellcheck "
          + file.getFileName() + "' yourself, or split the script into smaller files");
      return;
    }
    // GHC's runtime (shellcheck is Haskell) exits 251 with "out of memory" when an allocation fails.
    if (r.exit == 251 || r.output.contains("shellcheck: out of memory")) {
      log.warn("shellcheck ran out of its " + (memoryLimitBytes >> 20) + " MB memory limit checking " + file
          + " and was stopped; the file is packaged without shellcheck's findings. Run 'shellcheck "
          + file.getFileName() + "' yourself, or split the script into smaller files");
      return;
    }
    for (String line : r.output.split("\n")) {
      if (!line.isBlank()) {
        log.warn("shellcheck: " + line);
      }
    }
    if (r.truncated) {
      log.warn("shellcheck's findings for " + file + " were cut at " + (MAX_OUTPUT_BYTES >> 10)
          + " KiB; run 'shellcheck " + file.getFileName() + "' for the rest");
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

  private record Result(int exit, String output, boolean timedOut, boolean truncated) {}

  private static Result run(List<String> command) throws IOException {
    Result r = run(command, BASH_TIME_LIMIT, 0);
    if (r.timedOut) {
      throw new IOException(String.join(" ", command) + " did not finish within " + seconds(BASH_TIME_LIMIT)
          + " and was stopped");
    }
    return r;
  }

  /**
   * Runs {@code command} with stdin closed, reading its output (stdout and stderr, at most {@link
   * #MAX_OUTPUT_BYTES} kept) on another thread while waiting, so the time limit holds whatever
   * the process writes. Over the limit the process and every process it started are killed.
   *
   * @param memoryLimitBytes the address-space limit ({@code ulimit -v}) to run under; 0 for none
   */
  private static Result run(List<String> command, Duration timeLimit, long memoryLimitBytes) throws IOException {
    List<String> full = new ArrayList<>();
    Optional<Path> sh = memoryLimitBytes > 0 ? onPath("sh") : Optional.empty();
    if (sh.isPresent()) {
      // ulimit -v in a POSIX shell, then exec: no extra tool needed, and the limit applies to the command alone.
      full.addAll(List.of(sh.get().toString(), "-c", "ulimit -v " + (memoryLimitBytes >> 10)
          + " 2>/dev/null; exec \"$0\" \"$@\""));
    }
    full.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    Process p = pb.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean[] truncated = {false};
    Thread reader = new Thread(() -> {
      byte[] buf = new byte[8192];
      try (InputStream in = p.getInputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          synchronized (out) {
            int keep = (int) Math.min(n, Math.max(0, MAX_OUTPUT_BYTES - out.size()));
            out.write(buf, 0, keep);
            truncated[0] |= keep < n;
          }
        }
      } catch (IOException e) {
        // the stream is closed when the process is killed; what was read so far is kept
      }
    }, "shell-lambda " + Path.of(command.get(0)).getFileName() + " output");
    reader.setDaemon(true);
    reader.start();
    try {
      long deadline = System.nanoTime() + timeLimit.toNanos();
      p.getOutputStream().close();
      boolean exited = p.waitFor(timeLimit.toNanos(), TimeUnit.NANOSECONDS);
      // The output may still be held open by a child the command left behind: wait for it until the same deadline.
      if (exited) {
        reader.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
      if (!exited || reader.isAlive()) {
        destroyTree(p);
        reader.join(1000);
        return new Result(-1, text(out), true, truncated[0]);
      }
      return new Result(p.exitValue(), text(out), false, truncated[0]);
    } catch (InterruptedException e) {
      destroyTree(p);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    }
  }

  /** Kills the process and all its descendants (children first, so none is re-parented and left running). */
  private static void destroyTree(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    p.descendants().forEach(ProcessHandle::destroyForcibly);
  }

  private static String text(ByteArrayOutputStream out) {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
