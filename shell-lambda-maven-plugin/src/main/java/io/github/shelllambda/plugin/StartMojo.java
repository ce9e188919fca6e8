package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.localplane.LocalPlane;
import io.github.shelllambda.plugin.packaging.BuildLog;
import java.io.File;
import java.time.Duration;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Starts the local Lambda control plane (docs/control-plane.md) in the build's JVM, for the
 * integration tests: deploy to it with the AWS CLI, the SDK or {@code shell-lambda:deploy}, then
 * {@code shell-lambda:stop}. It stops with the build at the latest. The endpoint is written to
 * {@code endpointFile} and set as the project property {@code shell-lambda.endpoint}.
 */
@Mojo(name = "start", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, threadSafe = true)
// AbstractMojo, not AbstractShellLambdaMojo: that base declares the function's parameters
// (functionName, handler, architecture, sources, zips) and packages; the plane serves whatever is
// deployed to it and needs none of them, so they would only appear as meaningless parameters here.
public class StartMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  /** The port on 127.0.0.1. Default {@code 0}: a free one (read it from the endpoint file or property). */
  @Parameter(property = ShellLambdaProperties.PORT, defaultValue = "0")
  int port;

  /** Where the plane keeps its state, across builds; several projects may share one. Default {@code ${project.build.directory}/shell-lambda-local}. */
  @Parameter(property = ShellLambdaProperties.STATE_DIRECTORY,
      defaultValue = "${project.build.directory}/shell-lambda-local")
  File stateDirectory;

  /** How long CreateFunction's Pending and an update's InProgress last, in ms. Default {@code 300}; 0 settles at once. */
  @Parameter(property = ShellLambdaProperties.STATE_DELAY, defaultValue = "300")
  long stateDelay;

  /** The file the endpoint URL is written to. Default {@code ${project.build.directory}/shell-lambda-endpoint.txt}. */
  @Parameter(defaultValue = "${project.build.directory}/shell-lambda-endpoint.txt")
  File endpointFile;

  /** Skips every shell-lambda goal. Default {@code false}. */
  @Parameter(property = ShellLambdaProperties.SKIP, defaultValue = "false")
  boolean skip;

  /** Skips this goal. Default {@code false}. */
  @Parameter(property = ShellLambdaProperties.START_SKIP, defaultValue = "false")
  boolean skipStart;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip || skipStart) {
      getLog().info("Skipping shell-lambda:start (" + (skip ? ShellLambdaProperties.SKIP : ShellLambdaProperties.START_SKIP)
          + "=true)");
      return;
    }
    if (port < 0 || port > 65535) {
      throw new MojoFailureException("<port> (-D" + ShellLambdaProperties.PORT + ") is " + port
          + "; use a TCP port from 1 to 65535, or 0 for a free one");
    }
    if (stateDelay < 0) {
      throw new MojoFailureException("<stateDelay> (-D" + ShellLambdaProperties.STATE_DELAY + ") is " + stateDelay
          + " ms; use 0 or more");
    }
    LocalPlane.Running running;
    try {
      running = LocalPlane.start(new LocalPlane.Request(port, stateDirectory.toPath(), Duration.ofMillis(stateDelay),
          endpointFile.toPath()), mavenLog());
    } catch (IllegalStateException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (java.io.IOException e) {
      throw new MojoExecutionException("cannot start the local control plane on " + stateDirectory + ": "
          + e.getMessage(), e);
    }
    project.getProperties().setProperty(ShellLambdaProperties.ENDPOINT, running.endpoint());
  }

  private BuildLog mavenLog() {
    return MavenBuildLog.of(getLog());
  }
}
