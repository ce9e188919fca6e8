package io.github.shelllambda.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.shelllambda.runtime.zip.ZipInspector;
import java.nio.file.Path;
import org.apache.maven.api.di.Provides;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

/** Parameter wiring of shell-lambda:bootstrap-layer and shell-lambda:jq-layer. */
@MojoTest
class LayerMojosTest {

  private static final String POM = MojoTestProject.POM;

  final MojoTestProject test = new MojoTestProject();

  @Provides
  MavenProject project() {
    return test.project();
  }

  static String gojq(String arch) {
    return Path.of(System.getProperty("shell-lambda.tools"), "gojq", arch, "jq").toString();
  }

  @Test
  @InjectMojo(goal = "bootstrap-layer", pom = POM)
  @MojoParameter(name = "architecture", value = "x86_64")
  void bootstrapLayer(BootstrapLayerMojo mojo) throws Exception {
    mojo.execute();
    var listing = ZipInspector.read(test.basedir.resolve("target/shell-lambda-bootstrap-x86_64.zip"));
    assertThat(listing.entry("bootstrap").orElseThrow().executable()).isTrue();
  }

  @Test
  @InjectMojo(goal = "bootstrap-layer", pom = POM)
  @MojoParameter(name = "bundleBootstrap", value = "true")
  void noBootstrapLayerWhenBundled(BootstrapLayerMojo mojo) throws Exception {
    mojo.execute();
    assertThat(test.basedir.resolve("target/shell-lambda-bootstrap-arm64.zip")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "jq-layer", pom = POM)
  void jqLayerIsOptIn(JqLayerMojo mojo) throws Exception {
    mojo.execute();
    assertThat(test.basedir.resolve("target/shell-lambda-jq-arm64.zip")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "jq-layer", pom = "<project><build><plugins><plugin>"
      + "<artifactId>shell-lambda-maven-plugin</artifactId><configuration>"
      + "<jq><url>http://127.0.0.1:9/never-fetched</url><sha256>00</sha256></jq>"
      + "</configuration></plugin></plugins></build></project>")
  @MojoParameter(name = "jqEnabled", value = "true")
  void jqFileOverridesTheNestedSource(JqLayerMojo mojo) throws Exception {
    MojoExtensionSupport.set(mojo, "jqFile", new java.io.File(gojq("arm64")));
    mojo.execute();
    var listing = ZipInspector.read(test.basedir.resolve("target/shell-lambda-jq-arm64.zip"));
    assertThat(listing.entry("bin/jq").orElseThrow().executable()).isTrue();
  }

  @Test
  @InjectMojo(goal = "jq-layer", pom = "<project><build><plugins><plugin>"
      + "<artifactId>shell-lambda-maven-plugin</artifactId><configuration>"
      + "<jqEnabled>true</jqEnabled>"
      + "<jq><url>https://example.com/jq</url><file>/usr/bin/jq</file></jq>"
      + "</configuration></plugin></plugins></build></project>")
  void oneJqSourceAtATime(JqLayerMojo mojo) {
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("more than one of <url>, <file> and <artifact>");
  }

  @Test
  @InjectMojo(goal = "jq-layer", pom = POM)
  @MojoParameter(name = "jqEnabled", value = "true")
  @MojoParameter(name = "skipJqLayer", value = "true")
  void skipThisGoal(JqLayerMojo mojo) throws Exception {
    mojo.execute();
    assertThat(test.basedir.resolve("target")).doesNotExist();
  }
}
