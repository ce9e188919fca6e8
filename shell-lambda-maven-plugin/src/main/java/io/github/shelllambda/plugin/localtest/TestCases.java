package io.github.shelllambda.plugin.localtest;

import io.github.shelllambda.plugin.failure.UserMistakeException;
import io.github.shelllambda.plugin.packaging.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the case files under {@code src/test/shell-lambda/} and reads them. */
public final class TestCases {
  private TestCases() {}

  /** The case named for its stubs has no {@code "upstream"} section (the caller names the parameter). */
  public static final class NoUpstreamException extends UserMistakeException {
    public NoUpstreamException(String message) {
      super(message);
    }
  }

  /**
   * The upstream (stubs) of the case named {@code caseName} under {@code dir}, for the run and
   * invoke goals; empty when no name is given.
   *
   * @throws NoSuchCaseException no case has that name
   * @throws NoUpstreamException the case has no upstream stubs
   */
  public static Optional<TestCase.Upstream> upstreamOf(Path dir, String caseName, BuildLog log)
      throws IOException, UserMistakeException {
    if (caseName == null || caseName.isBlank()) {
      return Optional.empty();
    }
    TestCase c = load(dir, caseName).get(0);
    if (c.upstream().isEmpty()) {
      throw new NoUpstreamException(c.file()
          + " declares no \"upstream\" stubs; name a case that has an \"upstream\" section");
    }
    log.info("Serving the upstream stubs of " + c.file() + " as " + c.upstream().get().env());
    return c.upstream();
  }

  /** A case name (the caller says which parameter gave it) named no case. */
  public static final class NoSuchCaseException extends UserMistakeException {
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
      throw new NoSuchCaseException(dir + " has no such case; cases: "
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
