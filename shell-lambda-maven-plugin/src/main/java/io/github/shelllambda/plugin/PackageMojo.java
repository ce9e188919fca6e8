package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.packaging.BuiltZip;
import io.github.shelllambda.plugin.packaging.FunctionZip;
import io.github.shelllambda.runtime.elf.WrongArchitectureException;
import io.github.shelllambda.plugin.failure.UserMistakeException;
import java.io.IOException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Builds the function zip {@code target/<finalName>.zip}: the files of {@code sourceDirectory} at
 * the zip root (plus {@code bootstrap} when {@code bundleBootstrap}), with explicit modes and fixed
 * times, after checking the scripts. With {@code <packaging>shell-lambda</packaging>} it becomes
 * the project's main artifact, which {@code mvn install} installs.
 */
@Mojo(name = "package", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class PackageMojo extends AbstractShellLambdaMojo {

  /** The packaging type this plugin provides (with {@code <extensions>true</extensions>}). */
  public static final String PACKAGING = "shell-lambda";

  /** Skips this goal. Default {@code false}. */
  @Parameter(property = ShellLambdaProperties.PACKAGE_SKIP, defaultValue = "false")
  protected boolean skipPackage;

  @Override
  protected String goal() {
    return "package";
  }

  @Override
  protected boolean skipGoal() {
    return skipPackage;
  }

  @Override
  protected void executeGoal() throws UserMistakeException, WrongArchitectureException, IOException {
    BuiltZip zip = packager().packageFunction(buildLog());
    logBuilt(zip);
    if (PACKAGING.equals(project.getPackaging())) {
      project.getArtifact().setFile(zip.path().toFile());
    }
  }
}
