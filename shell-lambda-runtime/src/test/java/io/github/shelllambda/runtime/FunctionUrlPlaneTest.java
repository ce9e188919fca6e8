package io.github.shelllambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.shelllambda.runtime.bootstrap.BundledBootstrap;
import io.github.shelllambda.runtime.controlplane.ControlPlane;
import io.github.shelllambda.runtime.frontdoor.FrontDoor;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;

/**
 * Function URLs of the control plane, reached by Host on the front door: NONE needs both public
 * statements in the alias's own policy, AWS_IAM needs a SigV4 signature (verified with the plane's
 * credentials), CORS preflight is answered from the config without invoking.
 */
class FunctionUrlPlaneTest {
  static final String ROLE = "arn:aws:iam::000000000000:role/lambda-role";

  @TempDir Path dir;
  ControlPlane plane;
  FrontDoor door;
  LambdaClient lambda;
  final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    plane = ControlPlane.builder(dir.resolve("state")).stateDelay(Duration.ZERO).logSink(log::add)
        .credentials(Map.of("AKIDLOCAL", "local-secret")).open();
    door = FrontDoor.start(0, plane);
    lambda = LocalLambdaClients.sync(door.endpoint());
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("bootstrap", BundledBootstrap.bytes(TestFunctions.host()));
    files.put("handler.sh", ("run() { cat >/dev/null; printf '{\"statusCode\":200,\"headers\":{\"x-invoked\":\"%s %s\"},"
        + "\"body\":\"hello from the url\"}' \"$AWS_LAMBDA_FUNCTION_VERSION\" \"$LAMBDA_RUNTIME_INVOKED_FUNCTION_ARN\"; }\n")
        .getBytes(StandardCharsets.UTF_8));
    SdkBytes zip = SdkBytes.fromByteArray(Files.readAllBytes(TestFunctions.zip(dir.resolve("fn.zip"), files)));
    lambda.createFunction(b -> b.functionName("web").runtime("provided.al2023").handler("handler.run").role(ROLE)
        .architecturesWithStrings(TestFunctions.host().lambdaName()).code(c -> c.zipFile(zip)));
    lambda.publishVersion(b -> b.functionName("web"));
    lambda.createAlias(b -> b.functionName("web").name("live").functionVersion("1"));
  }

  @AfterEach
  void stop() {
    lambda.close();
    door.close();
    plane.close();
  }

  /** One HTTP/1.1 exchange with 127.0.0.1 carrying this Host; the raw answer. */
  String send(String method, String host, String path, Map<String, String> headers) throws Exception {
    try (Socket s = new Socket("127.0.0.1", door.port())) {
      StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
      headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
      req.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String host(String functionUrl) {
    return URI.create(functionUrl).getAuthority();
  }

  long invocations() {
    return log.stream().filter(l -> l.startsWith("START RequestId")).count();
  }

  @Test
  void aResponseStreamUrlPassesTheStreamedResponseOnChunkedWithThePreludesStatus() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("bootstrap", BundledBootstrap.bytes(TestFunctions.host()));
    files.put("handler.sh", ("run() { cat >/dev/null; lambda_stream_start 201 -H 'Content-Type: text/plain' -H 'X-S: 1';"
        + " echo streamed-line-one; echo streamed-line-two; }\n").getBytes(StandardCharsets.UTF_8));
    SdkBytes zip = SdkBytes.fromByteArray(Files.readAllBytes(TestFunctions.zip(dir.resolve("streamer.zip"), files)));
    lambda.createFunction(b -> b.functionName("streamer").runtime("provided.al2023").handler("handler.run").role(ROLE)
        .architecturesWithStrings(TestFunctions.host().lambdaName()).code(c -> c.zipFile(zip))
        .environment(e -> e.variables(Map.of("SHELL_LAMBDA_RESPONSE_STREAM", "1"))));
    var created = lambda.createFunctionUrlConfig(b -> b.functionName("streamer").authType(FunctionUrlAuthType.NONE)
        .invokeMode(software.amazon.awssdk.services.lambda.model.InvokeMode.RESPONSE_STREAM)
        .cors(c -> c.allowOrigins("http://allowed.localhost:8080")));
    lambda.addPermission(b -> b.functionName("streamer").statementId("url").action("lambda:InvokeFunctionUrl")
        .principal("*").functionUrlAuthType(FunctionUrlAuthType.NONE));
    lambda.addPermission(b -> b.functionName("streamer").statementId("invoke").action("lambda:InvokeFunction")
        .principal("*").invokedViaFunctionUrl(true));
    String answer = send("GET", host(created.functionUrl()), "/", Map.of("Origin", "http://allowed.localhost:8080"));
    // this client asks for Connection: close, so the body ends with the connection instead of chunks
    assertThat(answer).startsWith("HTTP/1.1 201")
        .doesNotContainIgnoringCase("Content-Length")
        .contains("Content-Type: text/plain", "X-S: 1", "Access-Control-Allow-Origin: http://allowed.localhost:8080")
        .contains("streamed-line-one\n", "streamed-line-two\n")
        .doesNotContain("statusCode");
  }

  @Test
  void publicUrlOnAnAliasNeedsBothStatementsAndAppliesCors() throws Exception {
    var created = lambda.createFunctionUrlConfig(b -> b.functionName("web").qualifier("live")
        .authType(FunctionUrlAuthType.NONE)
        .cors(c -> c.allowOrigins("http://allowed.localhost:8080").allowMethods("GET", "POST")
            .allowHeaders("content-type").exposeHeaders("x-trace").maxAge(300)));
    assertThat(created.functionUrl()).matches("http://[a-z0-9]{32}\\.lambda-url\\.us-east-1\\.localhost:" + door.port() + "/");
    assertThat(created.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:web:live");
    assertThatThrownBy(() -> lambda.createFunctionUrlConfig(b -> b.functionName("web").qualifier("live")
            .authType(FunctionUrlAuthType.NONE)))
        .isInstanceOf(ResourceConflictException.class).hasMessageContaining("FunctionUrlConfig exists");
    String host = host(created.functionUrl());

    String none = send("GET", host, "/", Map.of());
    assertThat(none).startsWith("HTTP/1.1 403").contains("x-amzn-ErrorType: AccessDeniedException")
        .endsWith("{\"Message\":\"Forbidden\"}");

    lambda.addPermission(b -> b.functionName("web").qualifier("live").statementId("url").action("lambda:InvokeFunctionUrl")
        .principal("*").functionUrlAuthType(FunctionUrlAuthType.NONE));
    assertThat(send("GET", host, "/", Map.of())).as("one statement is not enough since October 2025")
        .startsWith("HTTP/1.1 403");
    assertThat(log).anyMatch(l -> l.contains("lacks a statement allowing lambda:InvokeFunction to principal *"));
    // a statement on the function itself does not open the alias's URL (the SAM mistake)
    lambda.addPermission(b -> b.functionName("web").statementId("fn").action("lambda:InvokeFunction")
        .principal("*").invokedViaFunctionUrl(true));
    assertThat(send("GET", host, "/", Map.of())).startsWith("HTTP/1.1 403");
    assertThat(invocations()).isZero();

    lambda.addPermission(b -> b.functionName("web").qualifier("live").statementId("invoke").action("lambda:InvokeFunction")
        .principal("*").invokedViaFunctionUrl(true));
    String policy = lambda.getPolicy(b -> b.functionName("web").qualifier("live")).policy();
    assertThat(policy).contains("\"Condition\":{\"StringEquals\":{\"lambda:FunctionUrlAuthType\":\"NONE\"}}",
        "\"Condition\":{\"Bool\":{\"lambda:InvokedViaFunctionUrl\":\"true\"}}",
        "\"Resource\":\"arn:aws:lambda:us-east-1:000000000000:function:web:live\"");
    String ok = send("GET", host, "/", Map.of("Origin", "http://allowed.localhost:8080"));
    assertThat(ok).startsWith("HTTP/1.1 200").endsWith("hello from the url")
        .contains("Access-Control-Allow-Origin: http://allowed.localhost:8080", "Access-Control-Expose-Headers: x-trace");
    assertThat(ok).as("version 1 runs, invoked through the alias as on Lambda")
        .contains("x-invoked: 1 arn:aws:lambda:us-east-1:000000000000:function:web:live");
    assertThat(log).anyMatch(l -> l.matches("START RequestId: \\S+ Version: 1"));
    assertThat(send("GET", host, "/", Map.of("Origin", "http://evil.localhost"))).startsWith("HTTP/1.1 200")
        .doesNotContain("Access-Control-Allow-Origin");

    long before = invocations();
    String preflight = send("OPTIONS", host, "/", Map.of("Origin", "http://allowed.localhost:8080",
        "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type"));
    assertThat(preflight).startsWith("HTTP/1.1 200").contains("Access-Control-Allow-Origin: http://allowed.localhost:8080",
        "Access-Control-Allow-Methods: GET,POST", "Access-Control-Allow-Headers: content-type", "Access-Control-Max-Age: 300");
    String refused = send("OPTIONS", host, "/", Map.of("Origin", "http://evil.localhost",
        "Access-Control-Request-Method", "POST"));
    assertThat(refused).startsWith("HTTP/1.1 200").doesNotContain("Access-Control-Allow-Origin");
    assertThat(invocations()).as("a preflight never invokes the function").isEqualTo(before);

    lambda.removePermission(b -> b.functionName("web").qualifier("live").statementId("invoke"));
    assertThat(send("GET", host, "/", Map.of())).startsWith("HTTP/1.1 403");
    assertThat(lambda.listFunctionUrlConfigs(b -> b.functionName("web")).functionUrlConfigs()).hasSize(1);
    lambda.deleteFunctionUrlConfig(b -> b.functionName("web").qualifier("live"));
    assertThat(send("GET", host, "/", Map.of())).startsWith("HTTP/1.1 403");
  }

  @Test
  void awsIamUrlRefusesUnsignedAndWronglySignedAndAcceptsSigV4() throws Exception {
    var created = lambda.createFunctionUrlConfig(b -> b.functionName("web").authType(FunctionUrlAuthType.AWS_IAM));
    String host = host(created.functionUrl());
    assertThat(send("GET", host, "/", Map.of())).startsWith("HTTP/1.1 403").endsWith("{\"Message\":\"Forbidden\"}");
    assertThat(send("GET", host, "/?a=1", signed(host, "/", "a=1", "local-secret"))).startsWith("HTTP/1.1 200")
        .endsWith("hello from the url");
    assertThat(send("GET", host, "/?a=1", signed(host, "/", "a=1", "wrong-secret"))).startsWith("HTTP/1.1 403");
    assertThat(log).anyMatch(l -> l.contains("the signature does not match")).noneMatch(l -> l.contains("local-secret"));
    assertThat(send("GET", host, "/?a=2", signed(host, "/", "a=1", "local-secret")))
        .as("a signature covers the query").startsWith("HTTP/1.1 403");
  }

  /** The headers the AWS SDK's own SigV4 signer adds for a GET to this URL. */
  static Map<String, String> signed(String host, String path, String query, String secret) {
    SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
        .uri(URI.create("http://" + host + path + "?" + query)).build();
    SignedRequest s = AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create("AKIDLOCAL", secret))
        .request(request).putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
    Map<String, String> headers = new LinkedHashMap<>();
    s.request().headers().forEach((k, v) -> {
      if (!k.equalsIgnoreCase("Host")) {
        headers.put(k, v.get(0));
      }
    });
    return headers;
  }
}
