package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.deploy.AliasMoves;
import io.github.shelllambda.plugin.deploy.AliasState;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The alias goes back: a canary's weight is dropped; without a canary, it points again to the
 * version it served before the last deploy (recorded with the alias on the service, so this works
 * from any machine).
 */
@Mojo(name = "rollback", threadSafe = true, requiresProject = true)
public class RollbackMojo extends AbstractAliasMojo {

  /** Skips this goal. Default {@code false}. */
  @Parameter(property = ShellLambdaProperties.ROLLBACK_SKIP, defaultValue = "false")
  protected boolean skipRollback;

  @Override
  protected String goal() {
    return "rollback";
  }

  @Override
  protected boolean skipGoal() {
    return skipRollback;
  }

  @Override
  protected AliasState target(AliasState now) throws AliasMoves.NoMoveException {
    return AliasMoves.rollback(now);
  }
}
