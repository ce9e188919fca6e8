package io.github.shelllambda.runtime.url;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.shelllambda.runtime.http.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a function's response into the Function URL's HTTP response (payload format 2.0 rules):
 * an object with {@code statusCode} gives the status, headers, cookies (one Set-Cookie each) and
 * body (base64-decoded when {@code isBase64Encoded}); any other valid JSON is a 200 {@code
 * application/json} response with that JSON as body. AWS documents nothing for output that is not
 * JSON; this answers 502 (the conservative reading, not verified against the live service).
 */
public final class FunctionUrlResponse {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FunctionUrlResponse() {}

  /** The mapped response, and a log line when the output could not be used. */
  public record Mapped(HttpResponse response, Optional<String> logLine) {}

  public static Mapped map(byte[] payload) {
    JsonNode n;
    try {
      n = payload.length == 0 ? null : JSON.readTree(payload);
    } catch (IOException e) {
      n = null;
    }
    if (n == null || n.isMissingNode()) {
      return new Mapped(
          HttpResponse.json(502, "{\"Message\":\"Internal Server Error\"}"),
          Optional.of(
              "shell-lambda: the function's output is not JSON (" + preview(payload) + "), so the Function URL answered 502;"
                  + " a handler behind a Function URL should print JSON, e.g. {\"statusCode\":200,\"body\":\"...\"}"));
    }
    if (n.isObject() && n.has("statusCode")) {
      JsonNode sc = n.get("statusCode");
      int status = sc.canConvertToInt() && (sc.isIntegralNumber() || sc.isTextual()) ? sc.asInt(-1) : -1;
      if (status < 200 || status > 599) {
        return refused("its statusCode " + preview(sc.toString().getBytes(StandardCharsets.UTF_8))
            + " is not an HTTP status from 200 to 599");
      }
      byte[] body = new byte[0];
      JsonNode b = n.get("body");
      if (b != null && !b.isNull()) {
        String s = b.isTextual() ? b.asText() : b.toString();
        try {
          body =
              n.path("isBase64Encoded").asBoolean(false)
                  ? Base64.getDecoder().decode(s.replaceAll("\\s", ""))
                  : s.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return new Mapped(
              HttpResponse.json(502, "{\"Message\":\"Internal Server Error\"}"),
              Optional.of(
                  "shell-lambda: the function's response says isBase64Encoded but its body is not base64 ("
                      + e.getMessage() + "), so the Function URL answered 502"));
        }
      }
      HttpResponse r = new HttpResponse(status, body);
      boolean hasType = false;
      JsonNode hs = n.get("headers");
      if (hs != null && hs.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = hs.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> h = it.next();
          String name = h.getKey();
          String value = h.getValue().asText();
          String bad = badHeader(name, value);
          if (bad != null) {
            return refused(bad);
          }
          if (name.equalsIgnoreCase("Content-Length")) {
            if (!value.strip().equals(Integer.toString(body.length))) {
              return refused("its content-length header says " + value + " but its body has " + body.length + " bytes");
            }
            continue; // the server writes the one Content-Length
          }
          if (name.equalsIgnoreCase("Transfer-Encoding")) {
            return refused("it sets transfer-encoding, which is the server's to choose");
          }
          r.header(name, value);
          hasType |= name.equalsIgnoreCase("Content-Type");
        }
      }
      JsonNode cookies = n.get("cookies");
      if (cookies != null && cookies.isArray()) {
        for (JsonNode c : cookies) {
          String bad = badHeader("Set-Cookie", c.asText());
          if (bad != null) {
            return refused("a cookie: " + bad);
          }
          r.header("Set-Cookie", c.asText());
        }
      }
      if (!hasType) {
        r.header("Content-Type", "application/json");
      }
      return new Mapped(r, Optional.empty());
    }
    return new Mapped(new HttpResponse(200, payload).header("Content-Type", "application/json"), Optional.empty());
  }

  /**
   * What Lambda does with a response it cannot turn into HTTP is not documented; here it is a 502
   * and a log line naming the reason, never an invalid HTTP response (a CR/LF in a header value
   * would split the response: an injected header, or a second response).
   */
  private static Mapped refused(String why) {
    return new Mapped(
        HttpResponse.json(502, "{\"Message\":\"Internal Server Error\"}"),
        Optional.of("shell-lambda: the function's response cannot be sent as HTTP: " + why
            + ", so the Function URL answered 502"));
  }

  /** Why a header cannot be sent, or null. */
  static String badHeader(String name, String value) {
    if (name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0)) {
      return "header name '" + printable(name) + "' is not an HTTP token";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return "header " + name + " has a control character (0x" + Integer.toHexString(c) + ") in its value";
      }
    }
    return null;
  }

  private static String printable(String s) {
    String p = s.replaceAll("\\p{Cntrl}", "?");
    return p.length() > 60 ? p.substring(0, 60) + "..." : p;
  }

  private static String preview(byte[] payload) {
    if (payload.length == 0) {
      return "empty";
    }
    String s = new String(payload, 0, Math.min(payload.length, 40), StandardCharsets.UTF_8).strip();
    return "starts with '" + s.replace("\n", "\\n") + (payload.length > 40 ? "...'" : "'");
  }
}
