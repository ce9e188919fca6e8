package io.github.shelllambda.plugin.localtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Finds the case files under {@code src/test/shell-lambda/} and reads them. */
public final class TestCases {
  private TestCases() {}

  /** {@code -Dshell-lambda.test=NAME} named no case. */
  public static final class NoSuchCaseException extends Exception {
    public NoSuchCaseException(String message) {
      super(message);
    }
  }

  /**
   * The case files under {@code dir} (recursively), sorted by name; only the one named {@code only}
   * when it is set. A missing folder has no cases.
   *
   * @param only a case name: the path below {@code dir} without {@code .case.json} ({@code
   *     sub/c}), or just the file's name ({@code c})
   */
  public static List<Path> discover(Path dir, String only) throws IOException, NoSuchCaseException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> all;
    try (Stream<Path> s = Files.walk(dir)) {
      all = s.filter(p -> p.getFileName().toString().endsWith(TestCase.SUFFIX) && Files.isRegularFile(p))
          .sorted(Comparator.comparing(p -> name(dir, p)))
          .toList();
    }
    if (only == null || only.isBlank()) {
      return all;
    }
    String wanted = only.endsWith(TestCase.SUFFIX) ? only.substring(0, only.length() - TestCase.SUFFIX.length()) : only;
    List<Path> selected = new ArrayList<>();
    for (Path p : all) {
      if (name(dir, p).equals(wanted) || TestCaseParser.caseName(p).equals(wanted)) {
        selected.add(p);
      }
    }
    if (selected.isEmpty()) {
      throw new NoSuchCaseException("-Dshell-lambda.test is '" + only + "', but " + dir
          + " has no such case; cases: "
          + (all.isEmpty() ? "none" : String.join(", ", all.stream().map(p -> name(dir, p)).toList())));
    }
    return selected;
  }

  /** The case's name: its path below {@code dir}, '/'-separated, without {@code .case.json}. */
  public static String name(Path dir, Path file) {
    String rel = dir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    return rel.substring(0, rel.length() - TestCase.SUFFIX.length());
  }

  /**
   * Discovers and parses; the first bad file stops it (its error names file and field). Files the
   * cases name must be inside {@code dir}.
   */
  public static List<TestCase> load(Path dir, String only)
      throws IOException, NoSuchCaseException, TestCaseException {
    List<TestCase> out = new ArrayList<>();
    for (Path p : discover(dir, only)) {
      out.add(TestCaseParser.parse(p, name(dir, p), dir));
    }
    return out;
  }
}
