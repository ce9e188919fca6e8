package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.localrun.LocalEndpoint;
import io.github.shelllambda.plugin.function.LocalFunctionSpec;
import io.github.shelllambda.plugin.localrun.SourceWatcher;
import io.github.shelllambda.plugin.localrun.ZipFreshness;
import io.github.shelllambda.plugin.packaging.BuiltZip;
import io.github.shelllambda.plugin.packaging.FunctionZip;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Serves the packaged function on 127.0.0.1 as a Function URL and through the Lambda Invoke API,
 * logging every invocation, until Ctrl-C. Packages first; re-packages and reloads when a file
 * under the source folder changes.
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
  protected void executeLocal() throws Exception {
    if (port < 0 || port > 65535) {
      throw new org.apache.maven.plugin.MojoFailureException("<port> (-D" + ShellLambdaProperties.PORT + ") is "
          + port + "; use a TCP port from 1 to 65535 (0 picks a free one)");
    }
    if (concurrency < 1) {
      throw new org.apache.maven.plugin.MojoFailureException("<concurrency> (-D" + ShellLambdaProperties.CONCURRENCY
          + ") is " + concurrency + "; it must be at least 1");
    }
    LocalFunctionSpec spec = localSpec(concurrency);
    ZipFreshness.check(spec.functionZip(), sourceDirectory.toPath());
    CountDownLatch stopped = new CountDownLatch(1);
    LocalEndpoint endpoint = LocalEndpoint.start(spec, port, workDirectory(), buildLog(), stubsOf(stubs));
    SourceWatcher watcher = null;
    if (reload && sourceDirectory.isDirectory()) {
      watcher = SourceWatcher.start(sourceDirectory.toPath(), Duration.ofMillis(300), () -> {
        BuiltZip zip = FunctionZip.build(functionZipRequest(), buildLog());
        endpoint.reload(spec);
        getLog().info("Reloaded: " + zip.summary(project.getBasedir().toPath()));
      }, e -> getLog().error("Not reloaded, still serving the previous version: " + e.getMessage()));
    }
    SourceWatcher w = watcher;
    Thread hook = new Thread(() -> {
      getLog().info("Stopping the local endpoint");
      closeQuietly(w);
      endpoint.close();
      stopped.countDown();
    }, "shell-lambda-run-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    for (String line : endpoint.usage()) {
      getLog().info(line);
    }
    endpoint.stubsUrl().ifPresent(u -> getLog().info("Upstream stubs: " + u));
    getLog().info("Serving " + spec.configuration().functionName() + (watcher != null ? ", reloading on changes under "
        + sourceDirectory : "") + "; press Ctrl-C to stop");
    try {
      stopped.await();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
        hook.run();
      } catch (IllegalStateException shuttingDown) {
        // the hook is already running
      }
    }
  }

  private static void closeQuietly(SourceWatcher w) {
    if (w != null) {
      try {
        w.close();
      } catch (Exception ignored) {
        // stopping anyway
      }
    }
  }
}
