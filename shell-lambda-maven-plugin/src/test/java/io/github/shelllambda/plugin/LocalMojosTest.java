package io.github.shelllambda.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.shelllambda.plugin.packaging.BuildLog;
import io.github.shelllambda.plugin.packaging.FunctionZip;
import io.github.shelllambda.plugin.packaging.FunctionZipRequest;
import io.github.shelllambda.plugin.packaging.OutputTimestamp;
import io.github.shelllambda.runtime.function.Architecture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.api.di.Provides;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

/** Parameter wiring of shell-lambda:test, run and invoke; the core is tested in localtest and localrun. */
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
    assertThat(test.basedir.resolve("target/shell-lambda-reports/TEST-shell-lambda.orders-api.xml"))
        .content().contains("tests=\"1\"").contains("failures=\"0\"");
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
    assertThat(test.basedir.resolve("target/shell-lambda-reports/TEST-shell-lambda.orders-api.xml"))
        .content().contains("tests=\"1\"").contains("failures=\"0\"");
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
    assertThat(test.basedir.resolve("target/shell-lambda-reports/TEST-shell-lambda.orders-api.xml"))
        .content().contains("tests=\"1\"").contains("failures=\"0\"");
  }

  @Test
  @InjectMojo(goal = "test", pom = POM)
  @MojoParameter(name = "logFormat", value = "JSON")
  @MojoParameter(name = "logLevel", value = "warn")
  void logFormatAndLevelReachTheFunctionAsLambdasLoggingVariables(TestMojo mojo) throws Exception {
    packageFunction("run() { printf '{\"format\":\"%s\",\"level\":\"%s\"}' \"$AWS_LAMBDA_LOG_FORMAT\" \"$AWS_LAMBDA_LOG_LEVEL\"; }\n");
    writeCase("hello", "{\"event\": {}, \"expect\": {\"response\": {\"format\": \"JSON\", \"level\": \"WARN\"}}}");
    mojo.execute();
    assertThat(test.basedir.resolve("target/shell-lambda-reports/TEST-shell-lambda.orders-api.xml"))
        .content().contains("tests=\"1\"").contains("failures=\"0\"");
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
}
