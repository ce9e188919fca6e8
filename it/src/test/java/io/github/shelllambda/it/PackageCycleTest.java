package io.github.shelllambda.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No package cycle in either module (issue 11): the packages under {@code io.github.shelllambda}
 * of the runtime's and the plugin's compiled classes, read with {@code jdeps}, form no strongly
 * connected component of two or more packages. A package that needs another's vocabulary sits
 * above it; the vocabulary never reaches back up.
 */
class PackageCycleTest {

  static final String PREFIX = "io.github.shelllambda";

  static Path classes(String module) {
    return ReactorPomRulesTest.root().resolve(module).resolve("target/classes");
  }

  static String report(PackageGraph graph) {
    return graph.cycles().stream().map(graph::describe).collect(Collectors.joining("\n"));
  }

  @Test
  void theRuntimeHasNoPackageCycle() {
    PackageGraph graph = PackageGraph.read(PREFIX, List.of(classes("shell-lambda-runtime")));
    assertThat(graph.edges()).as("jdeps found the runtime's packages").containsKey(PREFIX + ".runtime.env");
    assertThat(graph.cycles()).as("package cycles in shell-lambda-runtime:\n%s", report(graph)).isEmpty();
  }

  @Test
  void thePluginHasNoPackageCycle() {
    PackageGraph graph = PackageGraph.read(PREFIX, List.of(classes("shell-lambda-maven-plugin")));
    assertThat(graph.edges()).as("jdeps found the plugin's packages").containsKey(PREFIX + ".plugin");
    assertThat(graph.cycles()).as("package cycles in shell-lambda-maven-plugin:\n%s", report(graph)).isEmpty();
  }

  /** The check can fail: three packages in a ring (plus one hanging off it) are one cycle of three. */
  @Test
  void aRingOfPackagesIsFoundAndExplained(@TempDir Path dir) throws Exception {
    Path src = dir.resolve("src");
    Path out = Files.createDirectories(dir.resolve("classes"));
    Map<String, String> sources = Map.of(
        "a.A", "public class A { b.B next; }",
        "b.B", "public class B { c.C next() { return null; } }",
        "c.C", "public class C { static final Object FIRST = new a.A(); }",
        "d.D", "public class D { a.A uses; }");
    List<String> files = new ArrayList<>();
    for (Map.Entry<String, String> e : sources.entrySet()) {
      String pkg = e.getKey().substring(0, e.getKey().indexOf('.'));
      String name = e.getKey().substring(e.getKey().indexOf('.') + 1);
      String code = "package " + PREFIX + ".ring." + pkg + ";\n"
          + e.getValue().replaceAll("\\b([abc])\\.", PREFIX + ".ring.$1.") + "\n";
      Path f = src.resolve(PREFIX.replace('.', '/')).resolve("ring").resolve(pkg).resolve(name + ".java");
      Files.createDirectories(f.getParent());
      Files.writeString(f, code);
      files.add(f.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("-d", out.toString()));
    args.addAll(files);
    assertThat(javac.run(null, null, null, args.toArray(String[]::new))).as("javac").isZero();
    try (Stream<Path> s = Files.walk(out)) {
      assertThat(s.filter(p -> p.toString().endsWith(".class")).count()).isEqualTo(4);
    }

    PackageGraph graph = PackageGraph.read(PREFIX, List.of(out));
    String ring = PREFIX + ".ring.";
    assertThat(graph.cycles()).containsExactly(List.of(ring + "a", ring + "b", ring + "c"));
    assertThat(graph.describe(graph.cycles().get(0)))
        .contains(ring + "a -> " + ring + "b   (" + ring + "a.A -> " + ring + "b.B)")
        .contains(ring + "b -> " + ring + "c")
        .contains(ring + "c -> " + ring + "a")
        .doesNotContain(ring + "d");
  }
}
