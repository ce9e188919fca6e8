package io.github.shelllambda.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.shelllambda.plugin.packaging.BuildLog;
import io.github.shelllambda.plugin.packaging.FunctionZip;
import io.github.shelllambda.plugin.packaging.FunctionZipRequest;
import io.github.shelllambda.plugin.packaging.OutputTimestamp;
import io.github.shelllambda.runtime.function.Architecture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.maven.api.di.Provides;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

/**
 * Parameter wiring of shell-lambda:test, run and invoke (the run goal served for real on a free
 * port); the core is tested in localtest and localrun.
 */
@MojoTest
class LocalMojosTest {

  private static final String POM = "<project><build><plugins><plugin>"
      + "<artifactId>shell-lambda-maven-plugin</artifactId>"
      + "<configuration><architecture>x86_64</architecture><bundleBootstrap>true</bundleBootstrap>"
      + "<environment><GREETING>Hello</GREETING></environment></configuration>"
      + "</plugin></plugins></build></project>";

  private static final String POM_STREAM = "<project><build><plugins><plugin>"
      + "<artifactId>shell-lambda-maven-plugin</artifactId>"
      + "<configuration><architecture>x86_64</architecture><bundleBootstrap>true</bundleBootstrap>"
      + "<functionUrl><authType>NONE</authType><invokeMode>RESPONSE_STREAM</invokeMode></functionUrl></configuration>"
      + "</plugin></plugins></build></project>";

  private static final String POM_BAD_MODE = "<project><build><plugins><plugin>"
      + "<artifactId>shell-lambda-maven-plugin</artifactId>"
      + "<configuration><architecture>x86_64</architecture><bundleBootstrap>true</bundleBootstrap>"
      + "<functionUrl><authType>NONE</authType><invokeMode>STREAMING</invokeMode></functionUrl></configuration>"
      + "</plugin></plugins></build></project>";

  private static final String POM_BUFFERED_BUT_ENV_STREAMS = "<project><build><plugins><plugin>"
      + "<artifactId>shell-lambda-maven-plugin</artifactId>"
      + "<configuration><architecture>x86_64</architecture><bundleBootstrap>true</bundleBootstrap>"
      + "<environment><SHELL_LAMBDA_RESPONSE_STREAM>1</SHELL_LAMBDA_RESPONSE_STREAM></environment>"
      + "<functionUrl><authType>NONE</authType><invokeMode>BUFFERED</invokeMode></functionUrl></configuration>"
      + "</plugin></plugins></build></project>";

  /** Prints the variable deploy sets for a RESPONSE_STREAM URL, as the function sees it. */
  private static final String PRINTS_STREAM_VARIABLE =
      "run() { cat >/dev/null; printf '{\"stream\":\"%s\"}' \"${SHELL_LAMBDA_RESPONSE_STREAM:-}\"; }\n";

  final MojoTestProject test = new MojoTestProject();

  @Provides
  MavenProject project() {
    return test.project();
  }

  /** What `package` would have made: the function zip with the bootstrap bundled. */
  private void packageFunction(String handler) throws Exception {
    Path src = test.basedir.resolve("src/main/shell");
    Files.writeString(src.resolve("handler.sh"), handler);
    FunctionZip.build(new FunctionZipRequest(src, test.basedir.resolve("target/orders-api-1.0.zip"), "handler.run",
        Architecture.X86_64, true, OutputTimestamp.DEFAULT, ShellLambdaProperties.FUNCTION_ZIP_PARAMETERS),
        BuildLog.NONE);
  }

  /** The JUnit report of the test goal says: one case, passed. */
  private void assertOneCasePassed() {
    assertThat(test.basedir.resolve("target/shell-lambda-reports/TEST-shell-lambda.orders-api.xml"))
        .content().contains("tests=\"1\"").contains("failures=\"0\"");
  }

  private void writeCase(String name, String json) throws Exception {
    Path dir = Files.createDirectories(test.basedir.resolve("src/test/shell-lambda"));
    Files.writeString(dir.resolve(name + ".case.json"), json);
  }

  @Test
  @InjectMojo(goal = "test", pom = POM)
  void testDefaults(TestMojo mojo) {
    assertThat(mojo.test).isNull();
    assertThat(mojo.skipTest).isFalse();
    assertThat(mojo.skipTests).isFalse();
    assertThat(mojo.hostPath).isFalse();
    assertThat(mojo.envFile).isNull();
    assertThat(mojo.testSourceDirectory.toPath()).isEqualTo(test.basedir.resolve("src/test/shell-lambda"));
    assertThat(mojo.reportsDirectory.toPath()).isEqualTo(test.basedir.resolve("target/shell-lambda-reports"));
  }

  @Test
  @InjectMojo(goal = "test", pom = POM)
  void testRunsCasesAgainstThePackagedZipAndWritesTheReport(TestMojo mojo) throws Exception {
    packageFunction("run() { printf '{\"message\":\"%s\"}' \"$GREETING\"; }\n");
    writeCase("hello", "{\"event\": {}, \"expect\": {\"response\": {\"message\": \"Hello\"}}}");
    mojo.execute();
    assertOneCasePassed();
  }

  @Test
  @InjectMojo(goal = "test", pom = POM)
  void aFailingCaseFailsTheBuild(TestMojo mojo) throws Exception {
    packageFunction("run() { echo '{\"message\":\"Hi\"}'; }\n");
    writeCase("hello", "{\"event\": {}, \"expect\": {\"response\": {\"message\": \"Hello\"}}}");
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("1 of 1 handler test case(s) failed: hello")
        .hasMessageContaining("-Dshell-lambda.test=hello");
  }

  @Test
  @InjectMojo(goal = "test", pom = POM)
  void aBadCaseFileFailsTheBuildNamingFileAndField(TestMojo mojo) throws Exception {
    packageFunction("run() { echo '{}'; }\n");
    writeCase("bad", "{\"event\": {}, \"expect\": {\"status\": 200}}");
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("bad.case.json: field 'expect.status': unknown key");
  }

  @Test
  @InjectMojo(goal = "test", pom = POM_STREAM)
  void theFunctionUrlsInvokeModeStreamsTheFunctionAsDeployWould(TestMojo mojo) throws Exception {
    packageFunction("run() { printf '{\"stream\":\"%s\"}' \"${SHELL_LAMBDA_RESPONSE_STREAM:-}\"; }\n");
    writeCase("hello", "{\"event\": {}, \"expect\": {\"response\": {\"stream\": \"1\"}}}");
    mojo.execute();
    assertOneCasePassed();
  }

  @Test
  @InjectMojo(goal = "test", pom = POM_BAD_MODE)
  void aBadInvokeModeFailsNamingFunctionUrl(TestMojo mojo) throws Exception {
    packageFunction("run() { echo '{}'; }\n");
    writeCase("hello", "{\"event\": {}, \"expect\": {}}");
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("<functionUrl>").hasMessageContaining("invokeMode is 'STREAMING'")
        .hasMessageContaining("BUFFERED or RESPONSE_STREAM");
  }

  @Test
  @InjectMojo(goal = "test", pom = POM)
  void noCasesPasses(TestMojo mojo) throws Exception {
    mojo.execute();
    assertThat(test.basedir.resolve("target/shell-lambda-reports")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "test", pom = POM)
  void missingZipSaysToPackage(TestMojo mojo) throws Exception {
    writeCase("hello", "{\"event\": {}, \"expect\": {}}");
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("orders-api-1.0.zip does not exist");
  }

  @Test
  @InjectMojo(goal = "test", pom = POM)
  @MojoParameter(name = "skipTests", value = "true")
  void skipTestsSkips(TestMojo mojo) throws Exception {
    writeCase("hello", "{\"event\": {}, \"expect\": {}}");
    RecordingMojoLog log = new RecordingMojoLog();
    mojo.setLog(log);
    mojo.execute(); // would fail on the missing zip if it ran
    assertThat(log.infos).singleElement().asString().startsWith("Skipping shell-lambda:test").contains("skipTests");
  }

  @Test
  @InjectMojo(goal = "test", pom = POM)
  @MojoParameter(name = "skipTest", value = "true")
  void ownSkipSkips(TestMojo mojo) throws Exception {
    writeCase("hello", "{\"event\": {}, \"expect\": {}}");
    RecordingMojoLog log = new RecordingMojoLog();
    mojo.setLog(log);
    mojo.execute(); // would fail on the missing zip if it ran
    assertThat(log.infos).singleElement().asString().startsWith("Skipping shell-lambda:test").contains("shell-lambda.test.skip");
  }

  @Test
  @InjectMojo(goal = "test", pom = POM)
  @MojoParameter(name = "test", value = "other")
  void oneCaseByName(TestMojo mojo) throws Exception {
    writeCase("hello", "{\"event\": {}, \"expect\": {}}");
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("-Dshell-lambda.test is 'other'").hasMessageContaining("cases: hello");
  }

  @Test
  @InjectMojo(goal = "test", pom = POM)
  void anEnvFileNameLambdaRefusesFailsTheBuildNamingTheEnvFileNotTheValue(TestMojo mojo) throws Exception {
    packageFunction("run() { echo '{}'; }\n");
    writeCase("hello", "{\"event\": {}, \"expect\": {}}");
    mojo.envFile = Files.writeString(test.basedir.resolve("local.env"), "AWS_REGION=eu-secret-1\n").toFile();
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("<envFile> (-Dshell-lambda.envFile) has 'AWS_REGION', but Lambda accepts no reserved"
            + " variable")
        .hasMessageNotContaining("eu-secret-1");
  }

  @Test
  @InjectMojo(goal = "test", pom = POM)
  void credentialsFromAnEnvFileReachTheFunctionAsLocalCredentials(TestMojo mojo) throws Exception {
    packageFunction("run() { printf '{\"key\":\"%s\",\"greeting\":\"%s\"}' \"$AWS_ACCESS_KEY_ID\" \"$GREETING\"; }\n");
    writeCase("hello", "{\"event\": {}, \"expect\": {\"response\": {\"key\": \"AKIDFROMFILE\", \"greeting\": \"Hi\"}}}");
    mojo.envFile = Files.writeString(test.basedir.resolve("local.env"),
        "AWS_ACCESS_KEY_ID=AKIDFROMFILE\nGREETING=Hi\n").toFile();
    mojo.execute();
    assertOneCasePassed();
  }

  @Test
  @InjectMojo(goal = "test", pom = POM)
  @MojoParameter(name = "logFormat", value = "JSON")
  @MojoParameter(name = "logLevel", value = "warn")
  void logFormatAndLevelReachTheFunctionAsLambdasLoggingVariables(TestMojo mojo) throws Exception {
    packageFunction("run() { printf '{\"format\":\"%s\",\"level\":\"%s\"}' \"$AWS_LAMBDA_LOG_FORMAT\" \"$AWS_LAMBDA_LOG_LEVEL\"; }\n");
    writeCase("hello", "{\"event\": {}, \"expect\": {\"response\": {\"format\": \"JSON\", \"level\": \"WARN\"}}}");
    mojo.execute();
    assertOneCasePassed();
  }

  @Test
  @InjectMojo(goal = "test", pom = POM)
  @MojoParameter(name = "logLevel", value = "DEBUG")
  void aLogLevelWithTextFormatFailsNamingLogFormat(TestMojo mojo) throws Exception {
    packageFunction("run() { echo '{}'; }\n");
    writeCase("hello", "{\"event\": {}, \"expect\": {}}");
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("-Dshell-lambda.logFormat").hasMessageContaining("JSON");
  }

  @Test
  @InjectMojo(goal = "run", pom = POM)
  void runDefaults(RunMojo mojo) {
    assertThat(mojo.port).isEqualTo(9000);
    assertThat(mojo.concurrency).isEqualTo(4);
    assertThat(mojo.passAwsCredentials).isFalse();
    assertThat(mojo.reload).isTrue();
    assertThat(mojo.stubs).isNull();
  }

  @Test
  @InjectMojo(goal = "run", pom = POM)
  @MojoParameter(name = "port", value = "70000")
  void runRefusesABadPort(RunMojo mojo) {
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("-Dshell-lambda.port) is 70000");
  }

  @Test
  @InjectMojo(goal = "invoke", pom = POM)
  @MojoParameter(name = "payload", value = "{\"name\":\"Ada\"}")
  void invokePrintsAndSucceeds(InvokeMojo mojo) throws Exception {
    packageFunction("run() { echo 'handling it' >&2; cat; }\n");
    RecordingMojoLog log = new RecordingMojoLog();
    mojo.setLog(log);
    mojo.execute();
    // the response, the function's own log and its REPORT line, as a user sees them
    assertThat(log.infos).contains("{\"name\":\"Ada\"}");
    assertThat(log.infos).anySatisfy(l -> assertThat(l).contains("handling it"));
    assertThat(log.infos).anySatisfy(l -> assertThat(l).containsPattern(
        "^REPORT RequestId: \\S+\tDuration: [0-9.]+ ms\tBilled Duration: \\d+ ms\tMemory Size: 128 MB"));
    assertThat(log.warnings).isEmpty();
  }

  @Test
  @InjectMojo(goal = "invoke", pom = POM)
  @MojoParameter(name = "payload", value = "{}")
  void invokeFailsOnAFunctionError(InvokeMojo mojo) throws Exception {
    packageFunction("run() { echo 'no luck' >&2; return 2; }\n");
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("The function returned an error").hasMessageContaining("no luck");
  }

  @Test
  @InjectMojo(goal = "invoke", pom = POM)
  void invokeNamesAMissingEventFile(InvokeMojo mojo) throws Exception {
    MojoExtensionSupport.set(mojo, "event", test.basedir.resolve("nope.json").toFile());
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("-Dshell-lambda.event) is").hasMessageContaining("nope.json, which does not exist");
  }

  @Test
  @InjectMojo(goal = "invoke", pom = POM)
  void envFileErrorsFailTheBuild(InvokeMojo mojo) throws Exception {
    packageFunction("run() { cat; }\n");
    Path env = test.basedir.resolve("local.env");
    Files.writeString(env, "not a line\n");
    MojoExtensionSupport.set(mojo, "envFile", env.toFile());
    MojoExtensionSupport.set(mojo, "payload", "{}");
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("local.env:1");
  }

  @Test
  @InjectMojo(goal = "invoke", pom = POM)
  @MojoParameter(name = "payload", value = "{}")
  void aSecretsFileIsServedToLambdaSecretAndItsNamesOnlyAreLogged(InvokeMojo mojo) throws Exception {
    packageFunction("run() { lambda_secret db-password pw; printf '{\"len\":%d}' \"${#pw}\"; }\n");
    Path secrets = Files.writeString(test.basedir.resolve("secrets.json"), "{\"db-password\": \"local-pw-value\"}");
    MojoExtensionSupport.set(mojo, "secretsFile", secrets.toFile());
    RecordingMojoLog log = new RecordingMojoLog();
    mojo.setLog(log);
    mojo.execute();
    assertThat(log.infos).contains("{\"len\":14}");
    assertThat(log.infos).anySatisfy(l -> assertThat(l).contains("Serving 1 secret(s) from").contains("[db-password]"));
    assertThat(String.join("\n", log.infos)).doesNotContain("local-pw-value");
  }

  @Test
  @InjectMojo(goal = "invoke", pom = POM)
  @MojoParameter(name = "payload", value = "{}")
  void aBadSecretsFileFailsNamingTheFileNeverAValue(InvokeMojo mojo) throws Exception {
    packageFunction("run() { cat; }\n");
    Path secrets = Files.writeString(test.basedir.resolve("secrets.json"), "{\"db-password\": 12345678, }");
    MojoExtensionSupport.set(mojo, "secretsFile", secrets.toFile());
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("<secretsFile> (-Dshell-lambda.secretsFile)").hasMessageContaining("secrets.json")
        .hasMessageNotContaining("12345678");
    Files.writeString(secrets, "{\"db-password\": 12345678}");
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("'db-password' is a JSON number").hasMessageNotContaining("12345678");
  }

  @Test
  @InjectMojo(goal = "run", pom = POM_STREAM)
  @MojoParameter(name = "port", value = "0")
  @MojoParameter(name = "reload", value = "false")
  void runServesAResponseStreamUrlsFunctionWithTheStreamVariableAndSaysSo(RunMojo mojo) throws Exception {
    packageFunction(PRINTS_STREAM_VARIABLE);
    RecordingMojoLog log = new RecordingMojoLog();
    mojo.setLog(log);
    Running run = Running.start(mojo, log);
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(run.functionUrl)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).as("the function behind the Function URL, as deploy configures it").contains("\"stream\":\"1\"");
      assertThat(r.headers().firstValue("content-length")).as("a streamed answer has no length up front").isEmpty();
    } finally {
      run.stop();
    }
    assertThat(log.infos).filteredOn(l -> l.contains("RESPONSE_STREAM")).singleElement().asString()
        .startsWith("Function URL invokeMode RESPONSE_STREAM: the function gets SHELL_LAMBDA_RESPONSE_STREAM=1")
        .contains("local Function URL");
  }

  @Test
  @InjectMojo(goal = "run", pom = POM)
  @MojoParameter(name = "port", value = "0")
  @MojoParameter(name = "reload", value = "false")
  void runWithoutAFunctionUrlStaysBuffered(RunMojo mojo) throws Exception {
    packageFunction(PRINTS_STREAM_VARIABLE);
    RecordingMojoLog log = new RecordingMojoLog();
    mojo.setLog(log);
    Running run = Running.start(mojo, log);
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(run.functionUrl)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).isEqualTo("{\"stream\":\"\"}");
      assertThat(r.headers().firstValue("content-length")).as("a buffered answer").hasValue("13");
    } finally {
      run.stop();
    }
    assertThat(log.infos).noneSatisfy(l -> assertThat(l).contains("SHELL_LAMBDA_RESPONSE_STREAM"));
  }

  @Test
  @InjectMojo(goal = "run", pom = POM_STREAM)
  void runsSpecGetsTheStreamVariableFromTheInvokeMode(RunMojo mojo) throws Exception {
    packageFunction(PRINTS_STREAM_VARIABLE);
    assertThat(mojo.localSpec(1).configuration().environment()).containsEntry("SHELL_LAMBDA_RESPONSE_STREAM", "1");
  }

  @Test
  @InjectMojo(goal = "run", pom = POM)
  void runsSpecStaysBufferedByDefault(RunMojo mojo) throws Exception {
    packageFunction(PRINTS_STREAM_VARIABLE);
    assertThat(mojo.localSpec(1).configuration().environment()).doesNotContainKey("SHELL_LAMBDA_RESPONSE_STREAM");
  }

  @Test
  @InjectMojo(goal = "run", pom = POM_BUFFERED_BUT_ENV_STREAMS)
  void runWithABufferedUrlAndAStreamingEnvironmentServesItAsTestAndDeployDoAndSaysWhy(RunMojo mojo) throws Exception {
    packageFunction(PRINTS_STREAM_VARIABLE);
    RecordingMojoLog log = new RecordingMojoLog();
    mojo.setLog(log);
    // deploy keeps the POM's variable, and the test goal refuses only a case that says BUFFERED itself
    assertThat(mojo.localSpec(1).configuration().environment()).containsEntry("SHELL_LAMBDA_RESPONSE_STREAM", "1");
    assertThat(log.infos).filteredOn(l -> l.contains("SHELL_LAMBDA_RESPONSE_STREAM")).singleElement().asString()
        .startsWith("The function streams its responses (and the local Function URL with them)")
        .contains("<functionUrl><invokeMode> is BUFFERED")
        .contains("<invokeMode>RESPONSE_STREAM</invokeMode>");
  }

  @Test
  @InjectMojo(goal = "run", pom = POM_BAD_MODE)
  void runRefusesABadInvokeModeNamingFunctionUrl(RunMojo mojo) throws Exception {
    packageFunction(PRINTS_STREAM_VARIABLE);
    assertThatThrownBy(() -> mojo.localSpec(1)).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("<functionUrl>").hasMessageContaining("invokeMode is 'STREAMING'");
  }

  @Test
  @InjectMojo(goal = "invoke", pom = POM_STREAM)
  @MojoParameter(name = "payload", value = "{}")
  void invokeGivesAResponseStreamUrlsFunctionTheStreamVariable(InvokeMojo mojo) throws Exception {
    packageFunction(PRINTS_STREAM_VARIABLE);
    RecordingMojoLog log = new RecordingMojoLog();
    mojo.setLog(log);
    mojo.execute();
    assertThat(log.infos).contains("{\"stream\":\"1\"}");
  }

  @Test
  @InjectMojo(goal = "invoke", pom = POM)
  @MojoParameter(name = "payload", value = "{}")
  void invokeWithoutAFunctionUrlStaysBuffered(InvokeMojo mojo) throws Exception {
    packageFunction(PRINTS_STREAM_VARIABLE);
    RecordingMojoLog log = new RecordingMojoLog();
    mojo.setLog(log);
    mojo.execute();
    assertThat(log.infos).contains("{\"stream\":\"\"}");
  }

  /** The run goal on its own thread until {@link #stop()} interrupts it (the goal's Ctrl-C in a test). */
  private record Running(Thread thread, String functionUrl) {
    static Running start(RunMojo mojo, RecordingMojoLog log) throws Exception {
      Thread t = new Thread(() -> {
        try {
          mojo.execute();
        } catch (Exception e) {
          log.warnings.add("run ended: " + e);
        }
      }, "run-goal");
      t.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (log.infos.stream().noneMatch(l -> l.startsWith("Serving "))) {
        if (!t.isAlive() || System.nanoTime() > deadline) {
          t.interrupt();
          throw new AssertionError("the run goal did not start serving: " + log.infos + " " + log.warnings);
        }
        Thread.sleep(20);
      }
      String url = log.infos.stream().filter(l -> l.startsWith("Function URL: ")).findFirst().orElseThrow()
          .substring("Function URL: ".length()).trim();
      return new Running(t, url);
    }

    void stop() throws InterruptedException {
      thread.interrupt();
      thread.join(TimeUnit.SECONDS.toMillis(60));
      assertThat(thread.isAlive()).as("the run goal stopped").isFalse();
    }
  }
}
