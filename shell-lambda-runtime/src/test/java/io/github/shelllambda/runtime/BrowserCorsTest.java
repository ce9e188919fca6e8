package io.github.shelllambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.shelllambda.runtime.bootstrap.BundledBootstrap;
import io.github.shelllambda.runtime.controlplane.ControlPlane;
import io.github.shelllambda.runtime.frontdoor.FrontDoor;
import io.github.shelllambda.runtime.http.HttpResponse;
import io.github.shelllambda.runtime.http.HttpServer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import software.amazon.awssdk.core.SdkBytes;


import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;

/**
 * A real browser (Debian's headless Chromium) loads a page from another origin on loopback whose
 * script calls a control-plane Function URL and the Invoke API with fetch: from the allowed origin
 * the page reads the URL's response; from another origin the preflight is refused and the function
 * does not run; the Invoke API refuses the page's request and the function does not run.
 */
class BrowserCorsTest {
  @TempDir Path dir;

  static final String PAGE =
      String.join("\n",
          "<html><body>WAITING<script>",
          "const url = '%s', api = '%s';",
          "Promise.allSettled([",
          "  fetch(url, {method: 'POST', headers: {'content-type': 'application/json'}, body: '{}'}).then(r => r.text()),",
          "  fetch(api, {method: 'POST', body: '{}'}).then(r => 'status ' + r.status)",
          "]).then(rs => { document.body.textContent = 'RESULT ' + rs.map(r => r.status === 'fulfilled' ? 'OK:' + r.value",
          "  : 'BLOCKED').join('|'); });",
          "</script></body></html>");

  @Test
  void corsIsEnforcedForARealBrowser() throws Exception {
    Path chromium = Path.of("/usr/bin/chromium");
    assumeTrue(Files.isExecutable(chromium), "Debian's chromium (scripts/setup-debian.sh installs it)");
    List<String> log = new CopyOnWriteArrayList<>();
    try (ControlPlane plane = ControlPlane.builder(dir.resolve("state")).stateDelay(Duration.ZERO).logSink(log::add).open();
        FrontDoor door = FrontDoor.start(0, plane);
        LambdaClient lambda = LocalLambdaClients.sync(door.endpoint())) {
      String[] page = new String[1];
      HttpServer pages = HttpServer.start(0, "test-pages", 1 << 16,
          r -> new HttpResponse(200, page[0].getBytes(StandardCharsets.UTF_8)).header("Content-Type", "text/html"));
      try {
        String allowed = "http://page.localhost:" + pages.port();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("bootstrap", BundledBootstrap.bytes(TestFunctions.host()));
        files.put("handler.sh", "run() { cat >/dev/null; printf '{\"statusCode\":200,\"body\":\"hello browser\"}'; }\n"
            .getBytes(StandardCharsets.UTF_8));
        SdkBytes zip = SdkBytes.fromByteArray(Files.readAllBytes(TestFunctions.zip(dir.resolve("fn.zip"), files)));
        lambda.createFunction(b -> b.functionName("web").runtime("provided.al2023").handler("handler.run")
            .role("arn:aws:iam::000000000000:role/r").architecturesWithStrings(TestFunctions.host().lambdaName())
            .code(c -> c.zipFile(zip)).publish(true));
        lambda.createAlias(b -> b.functionName("web").name("live").functionVersion("1"));
        String url = lambda.createFunctionUrlConfig(b -> b.functionName("web").qualifier("live")
            .authType(FunctionUrlAuthType.NONE)
            .cors(c -> c.allowOrigins(allowed).allowMethods("GET", "POST").allowHeaders("content-type"))).functionUrl();
        lambda.addPermission(b -> b.functionName("web").qualifier("live").statementId("url")
            .action("lambda:InvokeFunctionUrl").principal("*").functionUrlAuthType(FunctionUrlAuthType.NONE));
        lambda.addPermission(b -> b.functionName("web").qualifier("live").statementId("invoke")
            .action("lambda:InvokeFunction").principal("*").invokedViaFunctionUrl(true));
        page[0] = String.format(PAGE, url, door.endpoint() + "/2015-03-31/functions/web/invocations");

        assertThat(browse(chromium, allowed + "/page.html")).contains("RESULT OK:hello browser|BLOCKED");
        assertThat(starts(log)).as("the allowed page ran the function once, through its URL only").isEqualTo(1);
        assertThat(browse(chromium, "http://other.localhost:" + pages.port() + "/page.html")).contains("RESULT BLOCKED|BLOCKED");
        assertThat(starts(log)).as("another origin's preflight is refused: the function does not run").isEqualTo(1);
      } finally {
        pages.close();
      }
    }
  }

  private static long starts(List<String> log) {
    return log.stream().filter(l -> l.startsWith("START RequestId")).count();
  }

  /** The page's DOM once its script has run (Chromium's virtual time waits for the fetches). */
  private String browse(Path chromium, String pageUrl) throws Exception {
    Path profile = Files.createTempDirectory(dir, "chromium-");
    Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
            "--no-first-run", "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom", pageUrl)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return dom;
  }
}
