package io.github.shelllambda.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.shelllambda.plugin.layers.BootstrapLayer;
import io.github.shelllambda.plugin.packaging.BuildLog;
import io.github.shelllambda.plugin.packaging.FunctionZip;
import io.github.shelllambda.plugin.packaging.FunctionZipRequest;
import io.github.shelllambda.plugin.packaging.OutputTimestamp;
import io.github.shelllambda.runtime.function.Architecture;
import java.nio.file.Path;
import org.apache.maven.api.di.Provides;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

/**
 * Parameter wiring and the refusals of shell-lambda:deploy that need no Lambda API; deploying
 * itself is tested against the local control plane (DeployerTest, the invoker ITs).
 */
@MojoTest
class DeployMojoTest {

  private static final String POM = MojoTestProject.POM;

  final MojoTestProject test = new MojoTestProject();

  @Provides
  MavenProject project() {
    return test.project();
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  void defaults(DeployMojo mojo) {
    assertThat(mojo.alias).isEqualTo("live");
    assertThat(mojo.canary).isZero();
    assertThat(mojo.dryRun).isFalse();
    assertThat(mojo.role).isNull();
    assertThat(mojo.functionUrl).isNull();
    assertThat(mojo.endpoint).isNull();
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  @MojoParameter(name = "canary", value = "150")
  void aCanaryOutsideOneToNinetyNineIsRefused(DeployMojo mojo) {
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith("<canary> (-Dshell-lambda.canary) is 150, but a canary is 1 to 99 percent");
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  @MojoParameter(name = "alias", value = "42")
  void anAliasLambdaRefusesIsRefused(DeployMojo mojo) {
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("<alias> (-Dshell-lambda.alias) is '42'").hasMessageContaining("not all digits");
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  @MojoParameter(name = "urlAuthType", value = "PUBLIC")
  void anUnknownUrlAuthTypeIsRefused(DeployMojo mojo) {
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("authType is 'PUBLIC', but Lambda accepts NONE or AWS_IAM");
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  void withoutPackagedZipsItSaysHowToPackage(DeployMojo mojo) {
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("does not exist").hasMessageContaining("mvn package shell-lambda:deploy");
  }

  @Test
  @InjectMojo(goal = "rollback", pom = POM)
  @MojoParameter(name = "alias", value = "has space")
  void rollbackChecksTheAliasToo(RollbackMojo mojo) {
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("<alias> (-Dshell-lambda.alias) is 'has space'");
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  @MojoParameter(name = "urlAuthType", value = "NONE")
  @MojoParameter(name = "region", value = "eu-central-2")
  @MojoParameter(name = "endpoint", value = "http://127.0.0.1:9")
  void aFunctionUrlInARegionWithoutThemIsRefusedBeforeAnyCall(DeployMojo mojo) throws Exception {
    packageZips();
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("Lambda has no Function URLs in eu-central-2")
        .hasMessageContaining("<region> (-Dshell-lambda.region)");
  }

  @Test
  @InjectMojo(goal = "deploy", pom = POM)
  @MojoParameter(name = "urlAuthType", value = "NONE")
  void aStreamingUrlTellsTheBootstrapToStream(DeployMojo mojo) throws Exception {
    mojo.functionUrl = new FunctionUrlConfig();
    mojo.functionUrl.invokeMode = "RESPONSE_STREAM";
    packageZips();
    assertThat(mojo.desiredState().configuration().environment()).containsEntry(DeployMojo.STREAM_VARIABLE, "1");
    assertThat(mojo.desiredState().url().orElseThrow().invokeMode()).isEqualTo("RESPONSE_STREAM");
  }

  /** What the package phase would have made for the default arm64 project: the function zip and the bootstrap layer. */
  private void packageZips() throws Exception {
    Path target = test.basedir.resolve("target");
    FunctionZip.build(new FunctionZipRequest(test.basedir.resolve("src/main/shell"), target.resolve("orders-api-1.0.zip"),
        "handler.run", Architecture.ARM64, false, OutputTimestamp.DEFAULT, ShellLambdaProperties.FUNCTION_ZIP_PARAMETERS),
        BuildLog.NONE);
    BootstrapLayer.build(Architecture.ARM64, target.resolve(BootstrapLayer.fileName(Architecture.ARM64)),
        OutputTimestamp.DEFAULT);
  }
}
