package io.github.shelllambda.runtime.url;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.shelllambda.runtime.function.FunctionId;
import io.github.shelllambda.runtime.http.HttpRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The payload format 2.0 event a Function URL sends to the function, built from an HTTP request.
 * Headers are lower-cased with repeated values comma-joined; the Cookie header becomes the {@code
 * cookies} array; a body whose content type is not text is base64 with {@code isBase64Encoded}.
 */
public final class FunctionUrlEvent {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private FunctionUrlEvent() {}

  /** The URL id Lambda would give the function's URL: 32 lower-case letters and digits, stable per function. */
  public static String urlId(FunctionId fn) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(fn.arn().getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder();
      String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
      for (int i = 0; i < 32; i++) {
        sb.append(alphabet.charAt((d[i] & 0xff) % alphabet.length()));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The event JSON for {@code r}. */
  public static byte[] from(HttpRequest r, FunctionId fn, String requestId, Instant now) {
    ObjectNode ev = JSON.createObjectNode();
    String rawPath = r.rawPath();
    String rawQuery = r.rawQuery();
    ev.put("version", "2.0");
    ev.put("routeKey", "$default");
    ev.put("rawPath", rawPath);
    ev.put("rawQueryString", rawQuery);

    Map<String, List<String>> headers = new LinkedHashMap<>();
    List<String> cookies = new ArrayList<>();
    for (Map.Entry<String, String> h : r.headers().fields()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (name.equals("cookie")) {
        for (String c : h.getValue().split(";")) {
          if (!c.isBlank()) {
            cookies.add(c.strip());
          }
        }
        continue;
      }
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(h.getValue());
    }
    String traceId = "Root=1-" + Long.toHexString(now.getEpochSecond()) + "-" + requestId.replace("-", "").substring(0, 24);
    headers.putIfAbsent("x-amzn-trace-id", List.of(traceId));
    headers.putIfAbsent("x-forwarded-for", List.of(r.remoteAddress()));
    headers.putIfAbsent("x-forwarded-proto", List.of("http"));
    if (!cookies.isEmpty()) {
      ArrayNode a = ev.putArray("cookies");
      cookies.forEach(a::add);
    }
    ObjectNode hn = ev.putObject("headers");
    headers.forEach((k, v) -> hn.put(k, String.join(",", v)));

    if (!rawQuery.isEmpty()) {
      Map<String, List<String>> params = new LinkedHashMap<>();
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String k = decode(eq < 0 ? pair : pair.substring(0, eq));
        String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
        params.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      }
      ObjectNode qn = ev.putObject("queryStringParameters");
      params.forEach((k, v) -> qn.put(k, String.join(",", v)));
    }

    String id = urlId(fn);
    ObjectNode rc = ev.putObject("requestContext");
    rc.put("accountId", "anonymous");
    rc.put("apiId", id);
    rc.put("domainName", id + ".lambda-url." + fn.region() + ".on.aws");
    rc.put("domainPrefix", id);
    ObjectNode http = rc.putObject("http");
    http.put("method", r.method());
    http.put("path", decode(rawPath));
    http.put("protocol", r.protocol());
    http.put("sourceIp", r.remoteAddress());
    http.put("userAgent", r.headers().first("User-Agent").orElse(""));
    rc.put("requestId", requestId);
    rc.put("routeKey", "$default");
    rc.put("stage", "$default");
    rc.put("time", TIME.format(now));
    rc.put("timeEpoch", now.toEpochMilli());

    if (r.body().length > 0) {
      String ct = r.headers().first("Content-Type").orElse("");
      if (isText(ct)) {
        ev.put("body", new String(r.body(), StandardCharsets.UTF_8));
        ev.put("isBase64Encoded", false);
      } else {
        ev.put("body", Base64.getEncoder().encodeToString(r.body()));
        ev.put("isBase64Encoded", true);
      }
    } else {
      ev.put("isBase64Encoded", false);
    }
    try {
      return JSON.writeValueAsBytes(ev);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Content types a Function URL passes as text; everything else (and none) is base64. */
  static boolean isText(String contentType) {
    String ct = contentType.toLowerCase(Locale.ROOT);
    int semi = ct.indexOf(';');
    if (semi >= 0) {
      ct = ct.substring(0, semi);
    }
    ct = ct.strip();
    return ct.startsWith("text/")
        || ct.equals("application/json")
        || ct.endsWith("+json")
        || ct.equals("application/xml")
        || ct.endsWith("+xml")
        || ct.equals("application/javascript")
        || ct.equals("application/x-www-form-urlencoded")
        || ct.equals("application/yaml")
        || ct.equals("application/x-yaml");
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
