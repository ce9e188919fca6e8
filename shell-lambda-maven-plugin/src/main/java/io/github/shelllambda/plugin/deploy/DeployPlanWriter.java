package io.github.shelllambda.plugin.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Prints a plan as a short table and writes it as {@code target/shell-lambda-plan.json}. */
public final class DeployPlanWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DeployPlanWriter() {}

  /** The table's lines: field, deployed, new; or one line saying nothing changes. */
  public static List<String> table(DeployPlan plan) {
    List<String> lines = new ArrayList<>();
    if (plan.changes().isEmpty()) {
      lines.add("Plan: up to date, nothing to write");
      return lines;
    }
    int w1 = "field".length();
    int w2 = "deployed".length();
    for (DeployPlan.Change c : plan.changes()) {
      w1 = Math.max(w1, c.field().length());
      w2 = Math.max(w2, Math.min(60, c.deployed().length()));
    }
    lines.add("Plan: " + plan.steps().size() + " write(s)");
    lines.add(pad("field", w1) + "  " + pad("deployed", w2) + "  new");
    for (DeployPlan.Change c : plan.changes()) {
      lines.add(pad(c.field(), w1) + "  " + pad(c.deployed(), w2) + "  " + c.wanted());
    }
    return lines;
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }

  public static void write(DeployPlan plan, Path file) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("changed", plan.changed());
    o.put("version", plan.version());
    plan.aliasAfter().ifPresent(a -> o.put("aliasAfter", a.routing()));
    ArrayNode changes = o.putArray("changes");
    for (DeployPlan.Change c : plan.changes()) {
      changes.addObject().put("field", c.field()).put("deployed", c.deployed()).put("new", c.wanted());
    }
    ArrayNode steps = o.putArray("steps");
    for (DeployPlan.Step s : plan.steps()) {
      steps.addObject().put("kind", s.kind().name()).put("target", s.target());
    }
    ArrayNode notes = o.putArray("notes");
    plan.notes().forEach(notes::add);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, JSON.writeValueAsBytes(o));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
