package io.github.shelllambda.runtime.lambdaapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.shelllambda.runtime.function.ResourceNotFoundException;
import io.github.shelllambda.runtime.http.Headers;
import io.github.shelllambda.runtime.http.HttpRequest;
import io.github.shelllambda.runtime.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Lambda API's rows: control-plane prefixes, path parameters, query-bound rows, unknown operations. */
class LambdaApiRoutingTest {

  static HttpRequest request(String method, String target) {
    return new HttpRequest(method, target, "HTTP/1.1", new Headers(), new byte[0], false, "127.0.0.1");
  }

  static String body(HttpResponse r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  /** A control plane as another package would write it: rows with handlers. */
  static final List<LambdaApi.Route> PLANE =
      List.of(
          LambdaApi.Route.of("GetFunctionConcurrency", "GET", "/2019-09-30/functions/{FunctionName}/concurrency",
              call -> HttpResponse.json(200, "{\"fn\":\"" + call.pathParameter("FunctionName") + "\"}")),
          LambdaApi.Route.of("ListLayers", "GET", "/2018-10-31/layers", call -> HttpResponse.json(200, "{\"Layers\":[]}")),
          LambdaApi.Route.of("GetLayerVersionByArn", "GET", "/2018-10-31/layers?find=LayerVersion",
              call -> HttpResponse.json(200, "{\"arn\":\"" + call.queryParameter("Arn").orElse("") + "\"}")),
          LambdaApi.Route.of("GetFunctionUrlConfig", "GET", "/2021-10-31/functions/{FunctionName}/url",
              call -> {
                throw new ResourceNotFoundException("The resource you requested does not exist.");
              }),
          LambdaApi.Route.of("ListFunctions", "GET", "/2015-03-31/functions", call -> HttpResponse.json(200, "{}")));

  @Test
  void theControlPlanePrefixesAreTheLambdaApis() {
    for (String path :
        List.of("/2015-03-31/functions", "/2018-10-31/layers", "/2018-10-31/layers/jq/versions",
            "/2021-10-31/functions/f/url", "/2017-10-31/functions/f/concurrency", "/2019-09-30/functions/f/concurrency")) {
      assertThat(LambdaApi.handles(request("GET", path))).as(path).isTrue();
    }
    // the operations nothing implements are the Lambda API's too (answered 501 naming them)
    assertThat(LambdaApi.handles(request("GET", "/2019-09-25/functions/f/event-invoke-config"))).isTrue();
    for (String path : List.of("/", "/hello", "/2016-01-01/x", "/2015-03-31")) {
      assertThat(LambdaApi.handles(request("GET", path))).as(path).isFalse();
    }
  }

  @Test
  void rowsAnswerWithDecodedPathParametersAndTheRequestId() {
    LambdaApi api = new LambdaApi(Map.of(), PLANE);
    HttpResponse r = api.handle(request("GET", "/2019-09-30/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A0%3Afunction%3Amy-fn/concurrency"), "id-1");
    assertThat(r.status()).isEqualTo(200);
    assertThat(body(r)).isEqualTo("{\"fn\":\"arn:aws:lambda:us-east-1:0:function:my-fn\"}");
    assertThat(r.headers().all("x-amzn-RequestId")).containsExactly("id-1");
    // a trailing slash, as some SDKs send ListFunctions
    assertThat(api.handle(request("GET", "/2015-03-31/functions/"), "id-2").status()).isEqualTo(200);
  }

  @Test
  void aRowBoundToAQueryParameterWinsOverThePlainOne() {
    LambdaApi api = new LambdaApi(Map.of(), PLANE);
    assertThat(body(api.handle(request("GET", "/2018-10-31/layers?find=LayerVersion&Arn=arn%3Ax"), "i")))
        .isEqualTo("{\"arn\":\"arn:x\"}");
    assertThat(body(api.handle(request("GET", "/2018-10-31/layers?MaxItems=5"), "i"))).isEqualTo("{\"Layers\":[]}");
  }

  @Test
  void anOperationsErrorIsAwsShaped() {
    HttpResponse r = new LambdaApi(Map.of(), PLANE).handle(request("GET", "/2021-10-31/functions/f/url"), "id-3");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.headers().first("x-amzn-ErrorType")).contains("ResourceNotFoundException");
    assertThat(r.headers().first("x-amzn-RequestId")).contains("id-3");
    assertThat(body(r)).contains("\"Type\":\"User\"", "The resource you requested does not exist.");
  }

  @Test
  void anUnimplementedOperationIsNamed() {
    LambdaApi api = new LambdaApi(Map.of());
    HttpResponse alias = api.handle(request("PUT", "/2015-03-31/functions/f/aliases/live"), "id-4");
    assertThat(alias.status()).isEqualTo(501);
    assertThat(alias.headers().first("x-amzn-ErrorType")).contains("NotImplementedException");
    assertThat(alias.headers().first("x-amzn-RequestId")).contains("id-4");
    assertThat(body(alias))
        .contains("UpdateAlias is not implemented", "(PUT /2015-03-31/functions/{FunctionName}/aliases/{Name})",
            "docs/control-plane.md");
    assertThat(body(api.handle(request("GET", "/2018-10-31/layers?find=LayerVersion"), "i"))).contains("GetLayerVersionByArn");
    assertThat(body(api.handle(request("GET", "/2018-10-31/layers"), "i"))).contains("ListLayers");
    assertThat(body(api.handle(request("DELETE", "/2017-10-31/functions/f/concurrency"), "i"))).contains("DeleteFunctionConcurrency");
  }

  @Test
  void aPathNoOperationHasIsNamedWithItsMethod() {
    LambdaApi api = new LambdaApi(Map.of());
    HttpResponse none = api.handle(request("GET", "/2015-03-31/nothing/here"), "id-5");
    assertThat(none.status()).isEqualTo(404);
    assertThat(body(none)).contains("Unknown operation GET /2015-03-31/nothing/here");
    HttpResponse wrongMethod = api.handle(request("PATCH", "/2015-03-31/functions/f/invocations"), "id-6");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.headers().first("x-amzn-ErrorType")).contains("MethodNotAllowedException");
    assertThat(body(wrongMethod)).contains("takes POST (Invoke)");
    assertThat(wrongMethod.headers().first("x-amzn-RequestId")).contains("id-6");
  }

  @Test
  void aRowOutsideTheLambdaApiIsRefused() {
    assertThatThrownBy(
            () -> new LambdaApi(Map.of(), List.of(LambdaApi.Route.of("GetHello", "GET", "/2016-01-01/hello/{Name}",
                call -> HttpResponse.empty(200)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/2016-01-01/hello/{Name}")
        .hasMessageContaining("LambdaApi.PREFIXES");
  }

  @Test
  void theServiceModelsTableIsComplete() {
    assertThat(KnownOperations.all()).extracting(KnownOperations.Operation::name)
        .contains("Invoke", "CreateFunction", "PublishVersion", "CreateAlias", "PublishLayerVersion",
            "CreateFunctionUrlConfig", "PutFunctionConcurrency", "GetFunctionConcurrency", "AddPermission");
  }
}
