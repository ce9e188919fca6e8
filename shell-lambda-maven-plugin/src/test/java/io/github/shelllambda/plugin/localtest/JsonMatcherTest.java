package io.github.shelllambda.plugin.localtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonMatcherTest {
  private static JsonNode j(String s) throws Exception {
    return TestCaseParser.JSON.readTree(s);
  }

  private static List<String> cmp(String exp, String act, MatchMode mode) throws Exception {
    return JsonMatcher.compare(j(exp), j(act), mode).stream().map(Object::toString).toList();
  }

  @Test
  void subsetIgnoresExtraKeysAndKeyOrder() throws Exception {
    assertThat(cmp("{\"b\":1,\"a\":{\"x\":true}}", "{\"a\":{\"y\":2,\"x\":true},\"b\":1,\"c\":3}", MatchMode.SUBSET)).isEmpty();
  }

  @Test
  void exactReportsExtraKeysButStillIgnoresOrder() throws Exception {
    assertThat(cmp("{\"b\":1,\"a\":2}", "{\"a\":2,\"b\":1}", MatchMode.EXACT)).isEmpty();
    assertThat(cmp("{\"a\":2}", "{\"a\":2,\"c\":[1]}", MatchMode.EXACT))
        .containsExactly("$.c: unexpected (exact match), was array [1]");
  }

  @Test
  void reportsEveryDifferenceWithItsPath() throws Exception {
    assertThat(cmp("{\"m\":\"Hello, Ada\",\"n\":{\"k\":1},\"items\":[{\"id\":1},{\"id\":2}],\"gone\":null,\"odd key\":1}",
        "{\"m\":\"Hello, ada\",\"n\":{\"k\":\"1\"},\"items\":[{\"id\":1},{\"id\":3}],\"odd key\":2}", MatchMode.SUBSET))
        .containsExactly(
            "$.m: expected \"Hello, Ada\" but was \"Hello, ada\"",
            "$.n.k: expected 1 but was \"1\"",
            "$.items[1].id: expected 2 but was 3",
            "$.gone: missing, expected null",
            "$[\"odd key\"]: expected 1 but was 2");
  }

  @Test
  void arraysMustHaveTheSameLength() throws Exception {
    assertThat(cmp("[1,2]", "[1,2,3]", MatchMode.SUBSET)).containsExactly("$: expected 2 elements but was 3: array [1,2,3]");
  }

  @Test
  void numbersCompareByValue() throws Exception {
    assertThat(cmp("{\"a\":1,\"b\":100}", "{\"a\":1.0,\"b\":1e2}", MatchMode.EXACT)).isEmpty();
    assertThat(cmp("1", "1.5", MatchMode.EXACT)).containsExactly("$: expected 1 but was 1.5");
  }

  @Test
  void typeMismatch() throws Exception {
    assertThat(cmp("{\"a\":{}}", "{\"a\":[]}", MatchMode.SUBSET)).containsExactly("$.a: expected object {} but was array []");
  }

  @Test
  void bodyCheckRendersADiffWithTheActualResponse() throws Exception {
    List<String> p = BodyCheck.check(new BodyExpectation.Json(j("{\"message\":\"Hello, Ada\"}"), MatchMode.SUBSET),
        "{\"message\":\"Hello, ada\",\"at\":1}".getBytes(StandardCharsets.UTF_8), "response");
    assertThat(p).hasSize(1);
    assertThat(p.get(0)).isEqualTo("""
        response differs (subset match):
          $.message: expected "Hello, Ada" but was "Hello, ada"
          actual response:
            {
              "message" : "Hello, ada",
              "at" : 1
            }""");
  }

  @Test
  void bodyCheckOnNonJson() throws Exception {
    List<String> p = BodyCheck.check(new BodyExpectation.Json(j("{\"a\":1}"), MatchMode.SUBSET),
        "oops".getBytes(StandardCharsets.UTF_8), "body");
    assertThat(p.get(0)).startsWith("body is not JSON, expected JSON (subset match)").contains("actual:   oops");
  }

  @Test
  void rawDiffShowsFirstDifferenceAndInvisibleCharacters() {
    List<String> p = BodyCheck.check(new BodyExpectation.Raw("ok\n".getBytes(StandardCharsets.UTF_8)),
        "ok".getBytes(StandardCharsets.UTF_8), "body");
    assertThat(p).containsExactly("""
        body differs (raw bytes): first difference at byte 2 (expected 3 bytes, got 2)
          expected: "ok\\n"
          actual:   "ok\"""");
    assertThat(BodyCheck.check(new BodyExpectation.Raw(new byte[] {1}), new byte[] {1}, "body")).isEmpty();
    assertThat(BodyCheck.check(BodyExpectation.any(), null, "body")).isEmpty();
  }
}
