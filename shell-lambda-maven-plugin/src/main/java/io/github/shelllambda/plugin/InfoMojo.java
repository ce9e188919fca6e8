package io.github.shelllambda.plugin;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Prints what this plugin provides: its version and the bootstrap architectures it carries. */
@Mojo(name = "info", threadSafe = true, requiresProject = false)
public class InfoMojo extends AbstractMojo {

  /** Skips the goal. Default {@code false}. */
  @Parameter(property = "shell-lambda.info.skip", defaultValue = "false")
  boolean skip;

  @Override
  public void execute() {
    if (skip) {
      getLog().info("Skipping shell-lambda:info (shell-lambda.info.skip=true)");
      return;
    }
    for (String arch : new String[] {"x86_64", "arm64"}) {
      String resource = "META-INF/shell-lambda/bootstrap/linux-" + arch + "/bootstrap";
      boolean present = InfoMojo.class.getClassLoader().getResource(resource) != null;
      getLog().info("bootstrap linux-" + arch + ": " + (present ? "bundled" : "MISSING"));
    }
  }
}
