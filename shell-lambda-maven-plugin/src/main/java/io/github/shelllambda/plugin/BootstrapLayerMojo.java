package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.layers.BootstrapLayer;
import io.github.shelllambda.plugin.packaging.BuiltZip;
import io.github.shelllambda.runtime.elf.WrongArchitectureException;
import io.github.shelllambda.plugin.failure.UserMistakeException;
import io.github.shelllambda.runtime.function.Architecture;
import java.io.IOException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Builds the bootstrap layer {@code target/shell-lambda-bootstrap-<arch>.zip}: shell-lambda's static
 * bootstrap at the zip root, so it lands at {@code /opt/bootstrap}. Not built when {@code
 * bundleBootstrap} is true (the bootstrap is then in the function zip).
 */
@Mojo(name = "bootstrap-layer", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class BootstrapLayerMojo extends AbstractShellLambdaMojo {

  /** Skips this goal. Default {@code false}. */
  @Parameter(property = ShellLambdaProperties.BOOTSTRAP_LAYER_SKIP, defaultValue = "false")
  protected boolean skipBootstrapLayer;

  @Override
  protected String goal() {
    return "bootstrap-layer";
  }

  @Override
  protected boolean skipGoal() {
    return skipBootstrapLayer;
  }

  @Override
  protected void executeGoal() throws UserMistakeException, WrongArchitectureException, IOException {
    Architecture arch = architecture();
    if (bundleBootstrap) {
      getLog().info("No bootstrap layer: the bootstrap is bundled in the function zip ("
          + ShellLambdaProperties.BUNDLE_BOOTSTRAP + "=true)");
      return;
    }
    BuiltZip zip = BootstrapLayer.build(arch, bootstrapLayerZip(arch), timestamp());
    logBuilt(zip);
    checkUnzippedTotal();
  }
}
