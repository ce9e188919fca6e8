package io.github.shelllambda.plugin.localtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.shelllambda.plugin.localtest.TestCase.ExpectedRequest;
import io.github.shelllambda.plugin.localtest.TestCase.HeaderExpectation;
import io.github.shelllambda.plugin.localtest.TestCase.Stub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StubServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Stub stub(String method, String path, Map<String, String> query, int status, String body) {
    return new Stub(method, path, query, status, Map.of("content-type", "application/json"),
        body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void servesFirstMatchingStubAndRecordsRequests() throws Exception {
    try (StubServer s = StubServer.start(List.of(
        stub("GET", "/users/octocat", Map.of("page", "2"), 200, "{\"page\":2}"),
        stub("GET", "/users/octocat", Map.of(), 200, "{\"login\":\"octocat\"}"),
        stub(null, "/any", Map.of(), 202, "{}")))) {
      assertThat(s.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
      HttpResponse<String> r = get(s.baseUrl() + "/users/octocat", "Authorization", "Bearer t");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("{\"login\":\"octocat\"}");
      assertThat(r.headers().firstValue("content-type")).contains("application/json");
      assertThat(get(s.baseUrl() + "/users/octocat?page=2").body()).isEqualTo("{\"page\":2}");
      assertThat(http.send(HttpRequest.newBuilder(URI.create(s.baseUrl() + "/any"))
          .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(202);
      assertThat(s.recorded()).hasSize(3);
      assertThat(s.recorded().get(0).header("AUTHORIZATION")).isEqualTo("Bearer t");
      assertThat(s.recorded().get(2).body()).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
      assertThat(s.problems(List.of(
          new ExpectedRequest("GET", "/users/octocat", Map.of("authorization", HeaderExpectation.present(true)))))).isEmpty();
    }
  }

  @Test
  void unmatchedRequestGets501AndFailsTheCase() throws Exception {
    try (StubServer s = StubServer.start(List.of(stub("GET", "/users/octocat", Map.of(), 200, "{}")))) {
      HttpResponse<String> r = get(s.baseUrl() + "/users/someone-else?x=1");
      assertThat(r.statusCode()).isEqualTo(501);
      assertThat(r.body()).contains("no stub matched GET /users/someone-else?x=1").contains("GET /users/octocat");
      assertThat(s.problems(List.of())).singleElement().asString()
          .contains("upstream request GET /users/someone-else?x=1 matched no stub");
    }
  }

  @Test
  void expectedRequestsMissingOrWithWrongHeaders() throws Exception {
    try (StubServer s = StubServer.start(List.of(stub("GET", "/a", Map.of(), 200, "{}")))) {
      get(s.baseUrl() + "/a", "Accept", "text/plain");
      List<String> problems = s.problems(List.of(
          new ExpectedRequest("GET", "/b", Map.of()),
          new ExpectedRequest(null, "/a", Map.of("authorization", HeaderExpectation.present(true))),
          new ExpectedRequest("GET", "/a", Map.of("accept", HeaderExpectation.exactly("application/json"))),
          new ExpectedRequest("GET", "/a", Map.of("accept", HeaderExpectation.present(false)))));
      assertThat(problems).containsExactly(
          "expected upstream request GET /b was not made; requests made: GET /a",
          "upstream request ANY /a: header authorization missing",
          "upstream request GET /a: header accept is 'text/plain', expected 'application/json'",
          "upstream request GET /a: header accept present, expected absent");
      s.clear();
      assertThat(s.recorded()).isEmpty();
    }
  }
}
