package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.failure.UserMistakeException;
import io.github.shelllambda.plugin.localrun.LocalRunSession;
import java.io.IOException;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Serves the packaged function on 127.0.0.1 as a Function URL and through the Lambda Invoke API,
 * with the local control plane on the same port (the function is its {@code $LATEST}), logging
 * every invocation, until Ctrl-C. Packages first; re-packages and reloads when a file
 * under the source folder changes (running invocations finish on the previous build). The work
 * is {@link LocalRunSession}'s.
 */
@Mojo(name = "run", threadSafe = true)
@Execute(phase = LifecyclePhase.PACKAGE)
public class RunMojo extends AbstractInvokingMojo {

  /** The local port (on 127.0.0.1 only). Default {@code 9000}. */
  @Parameter(property = ShellLambdaProperties.PORT, defaultValue = "9000")
  protected int port;

  /** Local execution environments at most (more concurrent calls get 429). Default {@code 4}. */
  @Parameter(property = ShellLambdaProperties.CONCURRENCY, defaultValue = "4")
  protected int concurrency;

  /** Re-package and reload when files under the source folder change. Default {@code true}. */
  @Parameter(property = ShellLambdaProperties.RUN_RELOAD, defaultValue = "true")
  protected boolean reload;

  /**
   * The local control plane's state directory: the plane is served on the same port, with the
   * function as its {@code $LATEST} ({@code aws lambda get-function}, {@code list-functions}); what
   * was deployed there before is kept. The one {@code shell-lambda:start} uses by default, so
   * while a started plane holds it, {@code run} serves without a plane (a warning says so).
   * Default {@code ${project.build.directory}/shell-lambda-local}.
   */
  @Parameter(property = ShellLambdaProperties.STATE_DIRECTORY,
      defaultValue = "${project.build.directory}/shell-lambda-local")
  protected java.io.File stateDirectory;

  /** Skips this goal. Default {@code false}. */
  @Parameter(property = ShellLambdaProperties.RUN_SKIP, defaultValue = "false")
  protected boolean skipRun;

  @Override
  protected String goal() {
    return "run";
  }

  @Override
  protected boolean skipGoal() {
    return skipRun;
  }

  @Override
  protected void executeLocal() throws MojoFailureException, UserMistakeException, IOException, InterruptedException {
    LocalRunSession.run(new LocalRunSession.Request(LocalRunSession.Settings.of(port, concurrency, ShellLambdaProperties.PORT_PARAMETER, ShellLambdaProperties.CONCURRENCY_PARAMETER),
        localSpec(concurrency), workDirectory(), stubsOf(stubs), sourceDirectory.toPath(),
        reload ? Optional.of(packager()) : Optional.empty(), project.getBasedir().toPath(),
        Optional.of(stateDirectory.toPath())), buildLog());
  }
}
