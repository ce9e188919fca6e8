package io.github.shelllambda.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.shelllambda.runtime.zip.ZipInspector;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.api.di.Provides;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

/** Parameter wiring of shell-lambda:package; the packaging rules themselves are tested in FunctionZipTest. */
@MojoTest
class PackageMojoTest {

  private static final String POM = MojoTestProject.POM;

  final MojoTestProject test = new MojoTestProject();

  @Provides
  MavenProject project() {
    return test.project();
  }

  @Test
  @InjectMojo(goal = "package", pom = POM)
  void defaults(PackageMojo mojo) throws Exception {
    assertThat(mojo.functionName).isEqualTo("orders-api");
    assertThat(mojo.handler).isEqualTo("handler.run");
    assertThat(mojo.architecture).isEqualTo("arm64");
    assertThat(mojo.memorySize).isEqualTo(128);
    assertThat(mojo.timeout).isEqualTo(3);
    assertThat(mojo.bundleBootstrap).isFalse();
    assertThat(mojo.jqEnabled).isFalse();
    assertThat(mojo.sourceDirectory.toPath()).isEqualTo(test.basedir.resolve("src/main/shell"));
    assertThat(mojo.outputTimestamp).isEqualTo("2026-01-01T00:00:00Z");

    mojo.execute();
    Path zip = test.basedir.resolve("target/orders-api-1.0.zip");
    assertThat(ZipInspector.read(zip).entry("handler.sh")).isPresent();
    assertThat(mojo.project.getArtifact().getFile()).isEqualTo(zip.toFile());
  }

  @Test
  @InjectMojo(goal = "package", pom = POM)
  @MojoParameter(name = "bundleBootstrap", value = "true")
  @MojoParameter(name = "architecture", value = "x86_64")
  void bundlesTheBootstrapOfTheArchitecture(PackageMojo mojo) throws Exception {
    mojo.execute();
    var listing = ZipInspector.read(test.basedir.resolve("target/orders-api-1.0.zip"));
    assertThat(listing.entry("bootstrap").orElseThrow().executable()).isTrue();
  }

  @Test
  @InjectMojo(goal = "package", pom = POM)
  @MojoParameter(name = "architecture", value = "aarch64")
  void wrongArchitectureFailsTheBuild(PackageMojo mojo) {
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("perhaps you meant <architecture>arm64</architecture>");
  }

  @Test
  @InjectMojo(goal = "package", pom = POM)
  @MojoParameter(name = "memorySize", value = "64")
  void aBadMemorySizeNamesTheElementThePropertyTheValueAndTheBounds(PackageMojo mojo) {
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessage("<memorySize> (-Dshell-lambda.memorySize) is '64', but Lambda accepts 128 to 10240 MB");
    assertThat(test.basedir.resolve("target")).as("nothing built").doesNotExist();
  }

  @Test
  @InjectMojo(goal = "package", pom = POM)
  @MojoParameter(name = "handler", value = "api.get")
  void missingHandlerFailsTheBuild(PackageMojo mojo) {
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class).hasMessageContaining("api.sh");
  }

  @Test
  @InjectMojo(goal = "package", pom = POM)
  @MojoParameter(name = "skip", value = "true")
  void skip(PackageMojo mojo) throws Exception {
    mojo.execute();
    assertThat(test.basedir.resolve("target")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "package", pom = POM)
  @MojoParameter(name = "skipPackage", value = "true")
  void skipThisGoal(PackageMojo mojo) throws Exception {
    mojo.execute();
    assertThat(test.basedir.resolve("target")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "package", pom = "<project><build><plugins><plugin>"
      + "<artifactId>shell-lambda-maven-plugin</artifactId><configuration>"
      + "<functionName>orders</functionName><memorySize>512</memorySize><timeout>30</timeout>"
      + "<environment><LOG_LEVEL>debug</LOG_LEVEL></environment>"
      + "<jq><url>https://example.com/jq</url><sha256>abc</sha256></jq>"
      + "</configuration></plugin></plugins></build></project>")
  void pomConfiguration(PackageMojo mojo) throws Exception {
    assertThat(mojo.functionName).isEqualTo("orders");
    assertThat(mojo.functionConfig().memorySizeMb()).isEqualTo(512);
    assertThat(mojo.functionConfig().timeoutSeconds()).isEqualTo(30);
    assertThat(mojo.functionConfig()).as("checked once per goal execution").isSameAs(mojo.functionConfig());
    assertThat(mojo.functionConfig().environment()).containsEntry("LOG_LEVEL", "debug");
    assertThat(mojo.jq.getUrl()).isEqualTo("https://example.com/jq");
    assertThat(mojo.layerZips()).extracting(p -> p.getFileName().toString())
        .containsExactly("shell-lambda-bootstrap-arm64.zip");
  }
}
