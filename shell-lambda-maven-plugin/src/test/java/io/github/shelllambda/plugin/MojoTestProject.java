package io.github.shelllambda.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.project.MavenProject;

/** A real MavenProject over a fresh folder with a handler in src/main/shell, for the Mojo wiring tests. */
final class MojoTestProject {
  /** A POM with the plugin and no configuration: every parameter at its default. */
  static final String POM = "<project><build><plugins><plugin>"
      + "<artifactId>shell-lambda-maven-plugin</artifactId>"
      + "</plugin></plugins></build></project>";

  final Path basedir;
  private MavenProject project;

  MojoTestProject() {
    basedir = Path.of("target", "mojo-tests", UUID.randomUUID().toString()).toAbsolutePath();
    try {
      Path shell = Files.createDirectories(basedir.resolve("src/main/shell"));
      Files.writeString(shell.resolve("handler.sh"), "run() {\n  echo '{}'\n}\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The project, made once: the harness asks for it for every injected Mojo of a test. */
  MavenProject project() {
    if (project == null) {
      project = newProject();
    }
    return project;
  }

  private MavenProject newProject() {
    Model model = new Model();
    model.setGroupId("com.example");
    model.setArtifactId("orders-api");
    model.setVersion("1.0");
    model.setPackaging("shell-lambda");
    Build build = new Build();
    build.setDirectory(basedir.resolve("target").toString());
    build.setFinalName("orders-api-1.0");
    model.setBuild(build);
    model.getProperties().setProperty("project.build.outputTimestamp", "2026-01-01T00:00:00Z");
    MavenProject project = new MavenProject(model);
    project.setFile(basedir.resolve("pom.xml").toFile());
    DefaultArtifactHandler handler = new DefaultArtifactHandler("shell-lambda");
    handler.setExtension("zip");
    project.setArtifact(new DefaultArtifact("com.example", "orders-api", "1.0", null, "shell-lambda", null, handler));
    return project;
  }
}
