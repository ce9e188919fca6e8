package io.github.shelllambda.it;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

/**
 * The package dependency graph of compiled classes, as the JDK's {@code jdeps} reads it from the
 * bytecode (every reference counts: fields, signatures, method bodies, constants), and its cycles:
 * the strongly connected components with more than one package.
 */
final class PackageGraph {
  /** One {@code -verbose:class} line: {@code   a.b.C   -> d.e.F   archive}. */
  private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+.*$");

  /** from package -> (to package -> one class-level reference that makes the edge, for the message). */
  private final Map<String, Map<String, String>> edges = new TreeMap<>();

  private PackageGraph() {}

  /**
   * Runs {@code jdeps -verbose:class} over {@code classFolders}, keeping the references between
   * packages that start with {@code prefix} (references inside one package are no edge).
   */
  static PackageGraph read(String prefix, List<Path> classFolders) {
    List<String> args = new ArrayList<>(List.of("-verbose:class", "-e", Pattern.quote(prefix) + "\\..*"));
    for (Path folder : classFolders) {
      if (!Files.isDirectory(folder)) {
        throw new IllegalStateException(folder + " does not exist: compile the module first (mvn verify at the"
            + " reactor root, or mvn -pl it -am test)");
      }
      args.add(folder.toString());
    }
    ToolProvider jdeps = ToolProvider.findFirst("jdeps")
        .orElseThrow(() -> new IllegalStateException("this JDK has no jdeps tool (java.util.spi.ToolProvider)"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = jdeps.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    if (status != 0) {
      throw new IllegalStateException("jdeps " + String.join(" ", args) + " failed with status " + status + ":\n" + err + out);
    }
    PackageGraph g = new PackageGraph();
    for (String line : out.toString().split("\n")) {
      Matcher m = EDGE.matcher(line);
      if (m.matches()) {
        g.add(m.group(1), m.group(2), prefix);
      }
    }
    return g;
  }

  private void add(String fromClass, String toClass, String prefix) {
    String from = packageOf(fromClass);
    String to = packageOf(toClass);
    if (from.equals(to) || !from.startsWith(prefix) || !to.startsWith(prefix)) {
      return;
    }
    edges.computeIfAbsent(from, k -> new TreeMap<>()).putIfAbsent(to, fromClass + " -> " + toClass);
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }

  /** Every package that has an edge, and the packages it depends on. */
  Map<String, List<String>> edges() {
    Map<String, List<String>> copy = new TreeMap<>();
    edges.forEach((from, tos) -> copy.put(from, List.copyOf(tos.keySet())));
    return copy;
  }

  /** The package cycles: strongly connected components of two or more packages, each sorted, in a stable order. */
  List<List<String>> cycles() {
    List<List<String>> found = new ArrayList<>();
    for (List<String> component : new Tarjan().components()) {
      if (component.size() > 1) {
        found.add(List.copyOf(new TreeSet<>(component)));
      }
    }
    found.sort((a, b) -> a.get(0).compareTo(b.get(0)));
    return found;
  }

  /** A cycle and the references that hold it together, one per edge inside it, for a failure message. */
  String describe(List<String> cycle) {
    StringBuilder sb = new StringBuilder("cycle between " + cycle + ":");
    for (String from : cycle) {
      edges.getOrDefault(from, Map.of()).forEach((to, example) -> {
        if (cycle.contains(to)) {
          sb.append("\n  ").append(from).append(" -> ").append(to).append("   (").append(example).append(")");
        }
      });
    }
    return sb.toString();
  }

  /** Tarjan's strongly connected components (recursive: package graphs are small). */
  private final class Tarjan {
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new HashSet<>();
    private final List<List<String>> components = new ArrayList<>();
    private int next;

    List<List<String>> components() {
      TreeSet<String> nodes = new TreeSet<>(edges.keySet());
      edges.values().forEach(tos -> nodes.addAll(tos.keySet()));
      for (String n : nodes) {
        if (!index.containsKey(n)) {
          visit(n);
        }
      }
      return components;
    }

    private void visit(String v) {
      index.put(v, next);
      low.put(v, next);
      next++;
      stack.push(v);
      onStack.add(v);
      for (String w : edges.getOrDefault(v, Map.of()).keySet()) {
        if (!index.containsKey(w)) {
          visit(w);
          low.put(v, Math.min(low.get(v), low.get(w)));
        } else if (onStack.contains(w)) {
          low.put(v, Math.min(low.get(v), index.get(w)));
        }
      }
      if (low.get(v).equals(index.get(v))) {
        List<String> component = new ArrayList<>();
        String w;
        do {
          w = stack.pop();
          onStack.remove(w);
          component.add(w);
        } while (!w.equals(v));
        components.add(component);
      }
    }
  }
}
