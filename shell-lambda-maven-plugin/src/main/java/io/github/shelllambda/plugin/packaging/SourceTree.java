package io.github.shelllambda.plugin.packaging;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.codehaus.plexus.util.AbstractScanner;
import org.codehaus.plexus.util.SelectorUtils;

/**
 * The files of a function's source folder, with the mode each gets in the zip.
 *
 * <p>Symbolic links are followed: one pointing inside the folder is stored as the file it points
 * to (zips for Lambda should not carry links); one pointing outside is refused, since the zip
 * would silently depend on the build machine. The SCM and editor files Maven's archivers leave
 * out by default (plexus-archiver's default excludes: {@code .git}, {@code *~}, {@code
 * .DS_Store}, ...) are left out here too.
 */
public final class SourceTree {

  /** A file of the source folder: its entry name in the zip, the file, and its mode. */
  public record SourceFile(String name, Path file, int mode) {}

  private SourceTree() {}

  /**
   * Lists {@code root}'s files sorted by entry name. Modes: 0755 for {@code *.sh}, {@code
   * bootstrap} and files the owner may execute; 0644 otherwise.
   */
  public static List<SourceFile> scan(Path root, String parameter, BuildLog log) throws IOException, SourceTreeException {
    if (!Files.isDirectory(root)) {
      throw new SourceTreeException(parameter + " is '" + root + "', which is not a folder. Create it and put the"
          + " handler there (e.g. " + root.resolve("handler.sh") + "), or point " + parameter + " at your scripts");
    }
    Path realRoot = root.toRealPath();
    List<SourceFile> files = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (dir.equals(root)) {
          return FileVisitResult.CONTINUE;
        }
        String rel = relative(root, dir);
        if (excluded(rel)) {
          log.debug("Leaving out " + escape(rel) + "/ (default excludes)");
          return FileVisitResult.SKIP_SUBTREE;
        }
        Optional<String> badName = nameProblem(dir, "folder");
        if (badName.isPresent()) {
          errors.add(badName.get());
          return FileVisitResult.SKIP_SUBTREE;
        }
        if (!inside(dir)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        String rel = relative(root, file);
        if (excluded(rel)) {
          log.debug("Leaving out " + escape(rel) + " (default excludes)");
          return FileVisitResult.CONTINUE;
        }
        Optional<String> badName = nameProblem(file, "file");
        if (badName.isPresent()) {
          errors.add(badName.get());
          return FileVisitResult.CONTINUE;
        }
        if (!inside(file)) {
          return FileVisitResult.CONTINUE;
        }
        if (!attrs.isRegularFile()) {
          errors.add(file + " is not a regular file (" + (attrs.isOther() ? "device, socket or pipe" : "unknown")
              + "); remove it from the source folder");
          return FileVisitResult.CONTINUE;
        }
        files.add(new SourceFile(rel, file, modeFor(rel, file)));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
        if (exc instanceof FileSystemLoopException) {
          errors.add(file + " is a symbolic link that loops back to a folder above it; remove the link");
          return FileVisitResult.CONTINUE;
        }
        if (Files.isSymbolicLink(file) && !Files.exists(file)) {
          errors.add(file + " is a symbolic link to '" + Files.readSymbolicLink(file) + "', which does not exist;"
              + " remove the link or create its target inside " + root);
          return FileVisitResult.CONTINUE;
        }
        throw exc;
      }

      private boolean inside(Path p) throws IOException {
        Path real = p.toRealPath();
        if (real.startsWith(realRoot)) {
          return true;
        }
        Path link = p;
        for (Path q = p; q != null && !q.equals(root); q = q.getParent()) {
          if (Files.isSymbolicLink(q)) {
            link = q;
          }
        }
        errors.add(link + " is a symbolic link to '" + Files.readSymbolicLink(link) + "', outside " + root
            + " (" + real + "). Links leading out of the source folder are refused: the zip would depend on"
            + " the build machine. Copy the file into the source folder instead");
        return false;
      }
    });
    if (!errors.isEmpty()) {
      throw new SourceTreeException(String.join("\n", errors));
    }
    if (files.isEmpty()) {
      throw new SourceTreeException(parameter + " '" + root + "' holds no files; put the handler there (e.g. "
          + root.resolve("handler.sh") + ")");
    }
    files.sort(Comparator.comparing(SourceFile::name));
    return files;
  }

  /**
   * Refuses names with control characters (a newline, a tab, an escape, ...; also Unicode's line
   * and paragraph separators) and backslashes. Lambda would take them, but they break every tool
   * that reads file names a line at a time (shell loops, logs, this build's own messages), and
   * Windows zip tools read a backslash as a folder separator. The message shows the name escaped.
   */
  static Optional<String> nameProblem(Path p, String kind) {
    String name = p.getFileName().toString();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        return Optional.of("The " + kind + " name " + quoted(p) + " holds " + describe(c) + " (shown escaped):"
            + " names with control characters break shell loops, logs and tools that read one name per line,"
            + " so they are not packaged. Rename it, e.g. mv " + shellQuoted(p) + " <new name>");
      }
      if (c == '\\') {
        return Optional.of("The " + kind + " name " + quoted(p) + " holds a backslash: zip tools on Windows"
            + " read it as a folder separator. Rename it");
      }
    }
    return Optional.empty();
  }

  private static String describe(char c) {
    return switch (c) {
      case '\n' -> "a newline (\\n)";
      case '\r' -> "a carriage return (\\r)";
      case '\t' -> "a tab (\\t)";
      default -> "the control character " + escape(String.valueOf(c));
    };
  }

  /** The path in double quotes with control characters, backslashes and quotes escaped, Java-style. */
  static String quoted(Path p) {
    return "\"" + escape(p.toString()).replace("\"", "\\\"") + "\"";
  }

  /** The path as bash's $'...' quoting, which a user can paste into a shell. */
  private static String shellQuoted(Path p) {
    return "$'" + escape(p.toString()).replace("'", "\\'") + "'";
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\\' -> out.append("\\\\");
        default -> {
          if (Character.isISOControl(c) && c < 0x100) {
            out.append(String.format(java.util.Locale.ROOT, "\\x%02x", (int) c));
          } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  static boolean excluded(String rel) {
    for (String pattern : AbstractScanner.DEFAULTEXCLUDES) {
      if (SelectorUtils.matchPath(pattern, rel, "/", true)) {
        return true;
      }
    }
    return false;
  }

  static int modeFor(String rel, Path file) throws IOException {
    String base = rel.substring(rel.lastIndexOf('/') + 1);
    if (base.endsWith(".sh") || base.equals("bootstrap")) {
      return 0755;
    }
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      return p.contains(PosixFilePermission.OWNER_EXECUTE) ? 0755 : 0644;
    } catch (UnsupportedOperationException e) {
      return Files.isExecutable(file) ? 0755 : 0644;
    }
  }

  private static String relative(Path root, Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }

}
