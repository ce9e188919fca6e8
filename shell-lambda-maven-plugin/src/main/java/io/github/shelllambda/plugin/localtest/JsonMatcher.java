package io.github.shelllambda.plugin.localtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compares expected JSON with actual JSON and lists every difference with its path ({@code
 * $.items[2].name}). Key order never matters; numbers compare by value ({@code 1} equals {@code
 * 1.0}), since jq and gojq may print them differently.
 */
public final class JsonMatcher {
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private JsonMatcher() {}

  /** One difference: where, and what. */
  public record Mismatch(String path, String problem) {
    @Override
    public String toString() {
      return path + ": " + problem;
    }
  }

  public static List<Mismatch> compare(JsonNode expected, JsonNode actual, MatchMode mode) {
    List<Mismatch> out = new ArrayList<>();
    compare("$", expected, actual, mode, out);
    return out;
  }

  private static void compare(String path, JsonNode exp, JsonNode act, MatchMode mode, List<Mismatch> out) {
    if (exp.isObject() && act.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = exp.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String p = child(path, e.getKey());
        JsonNode a = act.get(e.getKey());
        if (a == null) {
          out.add(new Mismatch(p, "missing, expected " + short_(e.getValue())));
        } else {
          compare(p, e.getValue(), a, mode, out);
        }
      }
      if (mode == MatchMode.EXACT) {
        for (Iterator<String> it = act.fieldNames(); it.hasNext(); ) {
          String k = it.next();
          if (!exp.has(k)) {
            out.add(new Mismatch(child(path, k), "unexpected (exact match), was " + short_(act.get(k))));
          }
        }
      }
      return;
    }
    if (exp.isArray() && act.isArray()) {
      if (exp.size() != act.size()) {
        out.add(new Mismatch(path, "expected " + exp.size() + " element" + (exp.size() == 1 ? "" : "s")
            + " but was " + act.size() + ": " + short_(act)));
        return;
      }
      for (int i = 0; i < exp.size(); i++) {
        compare(path + "[" + i + "]", exp.get(i), act.get(i), mode, out);
      }
      return;
    }
    if (exp.isNumber() && act.isNumber()) {
      if (exp.decimalValue().compareTo(act.decimalValue()) != 0) {
        out.add(new Mismatch(path, "expected " + exp + " but was " + act));
      }
      return;
    }
    if (!exp.equals(act)) {
      out.add(new Mismatch(path, "expected " + short_(exp) + " but was " + short_(act)));
    }
  }

  private static String child(String path, String key) {
    if (PLAIN_KEY.matcher(key).matches()) {
      return path + "." + key;
    }
    return path + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }

  /** A value as it reads in a message: its JSON, cut after 120 characters. */
  static String short_(JsonNode n) {
    String s = n.toString();
    String kind = n.isObject() ? "object " : n.isArray() ? "array " : "";
    return kind + (s.length() > 120 ? s.substring(0, 117) + "..." : s);
  }
}
