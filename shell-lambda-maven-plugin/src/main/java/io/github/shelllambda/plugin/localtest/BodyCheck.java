package io.github.shelllambda.plugin.localtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Checks a body against a {@link BodyExpectation} and renders a readable diff on mismatch. */
public final class BodyCheck {
  private static final ObjectMapper PRETTY =
      TestCaseParser.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int MAX_SHOWN = 4000;

  private BodyCheck() {}

  /**
   * Returns the problems found, each a line or a few; empty when the body matches.
   *
   * @param what "response" or "body", for the messages
   */
  public static List<String> check(BodyExpectation expectation, byte[] actual, String what) {
    List<String> problems = new ArrayList<>();
    byte[] body = actual == null ? new byte[0] : actual;
    if (expectation instanceof BodyExpectation.Json json) {
      JsonNode act;
      try {
        act = TestCaseParser.JSON.readTree(body);
      } catch (IOException e) {
        act = null;
      }
      if (act == null || act.isMissingNode()) {
        problems.add(what + " is not JSON, expected JSON (" + json.mode().caseValue() + " match):\n"
            + "  expected: " + indent(pretty(json.expected()), "            ").strip() + "\n"
            + "  actual:   " + indent(shown(body), "            ").strip());
        return problems;
      }
      List<JsonMatcher.Mismatch> mismatches = JsonMatcher.compare(json.expected(), act, json.mode());
      if (!mismatches.isEmpty()) {
        StringBuilder sb = new StringBuilder(what + " differs (" + json.mode().caseValue() + " match):\n");
        for (JsonMatcher.Mismatch m : mismatches) {
          sb.append("  ").append(m).append('\n');
        }
        sb.append("  actual ").append(what).append(":\n").append(indent(pretty(act), "    "));
        problems.add(sb.toString().stripTrailing());
      }
    } else if (expectation instanceof BodyExpectation.Raw raw) {
      if (!Arrays.equals(raw.expected(), body)) {
        problems.add(rawDiff(raw.expected(), body, what));
      }
    }
    return problems;
  }

  static String rawDiff(byte[] expected, byte[] actual, String what) {
    int i = Arrays.mismatch(expected, actual);
    StringBuilder sb = new StringBuilder(what + " differs (raw bytes): first difference at byte " + i
        + " (expected " + expected.length + " bytes, got " + actual.length + ")\n");
    sb.append("  expected: ").append(quote(expected)).append('\n');
    sb.append("  actual:   ").append(quote(actual));
    return sb.toString();
  }

  /** Text in quotes with control characters escaped (so a trailing newline is visible). */
  static String quote(byte[] bytes) {
    String s = shown(bytes);
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** Bytes as text for a human: UTF-8 when valid, else a hex note; cut when long. */
  static String shown(byte[] bytes) {
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return "(" + bytes.length + " bytes, not UTF-8 text)";
    }
    return s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "... (" + bytes.length + " bytes)" : s;
  }

  static String pretty(JsonNode n) {
    try {
      String s = PRETTY.writeValueAsString(n);
      return s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "\n..." : s;
    } catch (JsonProcessingException e) {
      return n.toString();
    }
  }

  static String indent(String text, String prefix) {
    StringBuilder sb = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      sb.append(prefix).append(line).append('\n');
    }
    return sb.toString();
  }
}
