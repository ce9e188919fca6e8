package io.github.shelllambda.runtime.controlplane;

import io.github.shelllambda.runtime.http.HttpRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the AWS Signature Version 4 of a request to an AWS_IAM Function URL (service {@code
 * lambda}). Without credentials, any well-formed signature whose date is within 15 minutes is
 * accepted (the plane knows no IAM); given credentials (access key id -> secret), the signature
 * is recomputed and must match. Never logs a secret or a signature.
 */
final class SigV4 {
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request,\\s*"
          + "SignedHeaders=([a-z0-9;_.-]+),\\s*Signature=([0-9a-f]{64})\\s*");
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
  static final Duration SKEW = Duration.ofMinutes(15);

  private final Map<String, String> credentials;

  SigV4(Map<String, String> credentials) {
    this.credentials = Map.copyOf(credentials);
  }

  /** Why the request is refused, or empty when its signature is accepted. */
  Optional<String> refusal(HttpRequest r) {
    Optional<String> auth = r.headers().first("Authorization");
    if (auth.isEmpty()) {
      return Optional.of("no Authorization header (the request is not signed; sign it with SigV4, service lambda)");
    }
    Matcher m = AUTHORIZATION.matcher(auth.get());
    if (!m.matches()) {
      return Optional.of("the Authorization header is not an AWS4-HMAC-SHA256 signature");
    }
    String accessKey = m.group(1);
    String date = m.group(2);
    String region = m.group(3);
    String service = m.group(4);
    String signedHeaders = m.group(5);
    if (!service.equals("lambda")) {
      return Optional.of("the signature is for service '" + service + "'; a Function URL needs service 'lambda'");
    }
    Optional<String> amzDate = r.headers().first("X-Amz-Date");
    if (amzDate.isEmpty()) {
      return Optional.of("no X-Amz-Date header");
    }
    Instant signedAt;
    try {
      signedAt = LocalDateTime.parse(amzDate.get(), AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return Optional.of("X-Amz-Date '" + amzDate.get() + "' is not yyyyMMddTHHmmssZ");
    }
    if (Duration.between(signedAt, Instant.now()).abs().compareTo(SKEW) > 0) {
      return Optional.of("the signature's date " + amzDate.get() + " is more than 15 minutes from now");
    }
    if (!amzDate.get().startsWith(date)) {
      return Optional.of("the credential scope's date " + date + " is not X-Amz-Date's day");
    }
    List<String> signed = List.of(signedHeaders.split(";"));
    if (!signed.contains("host")) {
      return Optional.of("the signed headers do not include host");
    }
    if (credentials.isEmpty()) {
      return Optional.empty();
    }
    String secret = credentials.get(accessKey);
    if (secret == null) {
      return Optional.of("access key " + accessKey + " is not one of the plane's credentials");
    }
    String expected = signature(r, secret, amzDate.get(), date, region, service, signed, signedHeaders);
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        m.group(6).getBytes(StandardCharsets.US_ASCII))) {
      return Optional.of("the signature does not match the request signed with the secret of " + accessKey);
    }
    return Optional.empty();
  }

  private static String signature(HttpRequest r, String secret, String amzDate, String date, String region,
      String service, List<String> signed, String signedHeaders) {
    StringBuilder canonical = new StringBuilder();
    canonical.append(r.method()).append('\n');
    List<String> segments = new ArrayList<>();
    for (String s : r.rawPath().split("/", -1)) {
      segments.add(encode(s)); // the path as sent is encoded once; SigV4 (not S3) encodes it again
    }
    String path = String.join("/", segments);
    canonical.append(path.isEmpty() ? "/" : path).append('\n');
    List<String[]> query = new ArrayList<>();
    if (!r.rawQuery().isEmpty()) {
      for (String pair : r.rawQuery().split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.add(new String[] {encode(k), encode(v)});
      }
    }
    query.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    List<String> q = new ArrayList<>();
    query.forEach(kv -> q.add(kv[0] + "=" + kv[1]));
    canonical.append(String.join("&", q)).append('\n');
    for (String h : signed) {
      List<String> values = new ArrayList<>();
      r.headers().all(h).forEach(v -> values.add(v.trim().replaceAll("\\s+", " ")));
      canonical.append(h).append(':').append(String.join(",", values)).append('\n');
    }
    canonical.append('\n').append(signedHeaders).append('\n');
    canonical.append(r.headers().first("X-Amz-Content-Sha256").orElseGet(() -> hex(sha256(r.body()))));
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
        + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    return hex(hmac(key, toSign));
  }

  /** RFC 3986 percent-encoding as SigV4 wants it: unreserved characters kept, everything else %XX. */
  private static String encode(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '.' || c == '~') {
        sb.append(c);
      } else {
        sb.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return sb.toString();
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
