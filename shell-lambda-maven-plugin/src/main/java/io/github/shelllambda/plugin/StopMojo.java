package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.localplane.LocalPlane;
import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Stops the local control plane {@code shell-lambda:start} started for this state directory; its state stays. */
@Mojo(name = "stop", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true)
// AbstractMojo, not AbstractShellLambdaMojo: that base declares the function's parameters
// (functionName, handler, architecture, sources, zips) and packages; the plane serves whatever is
// deployed to it and needs none of them, so they would only appear as meaningless parameters here.
public class StopMojo extends AbstractMojo {

  /** The state directory given to {@code start}. Default {@code ${project.build.directory}/shell-lambda-local}. */
  @Parameter(property = ShellLambdaProperties.STATE_DIRECTORY,
      defaultValue = "${project.build.directory}/shell-lambda-local")
  File stateDirectory;

  /** Skips every shell-lambda goal. Default {@code false}. */
  @Parameter(property = ShellLambdaProperties.SKIP, defaultValue = "false")
  boolean skip;

  /** Skips this goal. Default {@code false}. */
  @Parameter(property = ShellLambdaProperties.STOP_SKIP, defaultValue = "false")
  boolean skipStop;

  @Override
  public void execute() {
    if (skip || skipStop) {
      getLog().info("Skipping shell-lambda:stop (" + (skip ? ShellLambdaProperties.SKIP : ShellLambdaProperties.STOP_SKIP)
          + "=true)");
      return;
    }
    if (LocalPlane.stop(stateDirectory.toPath())) {
      getLog().info("Stopped the local Lambda control plane (state " + stateDirectory + ")");
    } else {
      getLog().info("No local Lambda control plane runs on " + stateDirectory + " in this build; nothing to stop");
    }
  }
}
