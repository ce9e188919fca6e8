package io.github.shelllambda.runtime.url;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Response inference, in isolation (the round trips with a real function are in FunctionUrlTest). */
class FunctionUrlResponseTest {
  static FunctionUrlResponse.Mapped map(String s) {
    return FunctionUrlResponse.map(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void statusCodeObject() {
    FunctionUrlResponse.Mapped m =
        map("{\"statusCode\":404,\"headers\":{\"Content-Type\":\"text/plain\"},\"cookies\":[\"a=1\",\"b=2\"],\"body\":\"gone\"}");
    assertThat(m.response().status()).isEqualTo(404);
    assertThat(new String(m.response().body(), StandardCharsets.UTF_8)).isEqualTo("gone");
    assertThat(m.response().headers().all("Set-Cookie")).containsExactly("a=1", "b=2");
    assertThat(m.response().headers().all("Content-Type")).containsExactly("text/plain");
    assertThat(m.logLine()).isEmpty();
  }

  @Test
  void base64BodyAndDefaultContentType() {
    FunctionUrlResponse.Mapped m = map("{\"statusCode\":200,\"body\":\"AAEC/w==\",\"isBase64Encoded\":true}");
    assertThat(m.response().body()).containsExactly(0, 1, 2, 0xff);
    assertThat(m.response().headers().first("Content-Type")).contains("application/json");
    assertThat(map("{\"statusCode\":200,\"body\":\"%%%\",\"isBase64Encoded\":true}").response().status()).isEqualTo(502);
  }

  @Test
  void otherJsonIsA200JsonBodyAndTextIs502() {
    assertThat(map("{\"a\":1}").response().status()).isEqualTo(200);
    assertThat(new String(map("\"hi\"").response().body(), StandardCharsets.UTF_8)).isEqualTo("\"hi\"");
    FunctionUrlResponse.Mapped text = map("hello\n");
    assertThat(text.response().status()).isEqualTo(502);
    assertThat(text.logLine()).get().asString().contains("not JSON", "hello");
    assertThat(map("").response().status()).isEqualTo(502);
  }
}
