package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.deploy.AliasMoves;
import io.github.shelllambda.plugin.deploy.AliasState;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** The alias's canary version becomes its primary at 100% (the old primary is kept for rollback). */
@Mojo(name = "promote", threadSafe = true, requiresProject = true)
public class PromoteMojo extends AbstractAliasMojo {

  /** Skips this goal. Default {@code false}. */
  @Parameter(property = ShellLambdaProperties.PROMOTE_SKIP, defaultValue = "false")
  protected boolean skipPromote;

  @Override
  protected String goal() {
    return "promote";
  }

  @Override
  protected boolean skipGoal() {
    return skipPromote;
  }

  @Override
  protected AliasState target(AliasState now) throws AliasMoves.NoMoveException {
    return AliasMoves.promote(now);
  }
}
