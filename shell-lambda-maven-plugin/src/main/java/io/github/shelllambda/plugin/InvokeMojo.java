package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.failure.UserMistakeException;
import io.github.shelllambda.plugin.localrun.InvokeOnce;
import io.github.shelllambda.plugin.function.LocalFunctionSpec;
import io.github.shelllambda.plugin.localrun.ZipFreshness;
import io.github.shelllambda.runtime.function.Invocation;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Invokes the packaged function once, locally, and prints the response, the log and the REPORT
 * line. The event comes from {@code event} (a file), {@code payload} (inline JSON) or stdin.
 * Fails the build when the function returns an error. Packages first.
 */
@Mojo(name = "invoke", threadSafe = true)
@Execute(phase = LifecyclePhase.PACKAGE)
public class InvokeMojo extends AbstractInvokingMojo {

  /** A file holding the event. Default none. */
  @Parameter(property = ShellLambdaProperties.EVENT)
  protected File event;

  /** The event inline, e.g. {@code {"name":"Ada"}}. Default none (then {@code event}, else stdin). */
  @Parameter(property = ShellLambdaProperties.PAYLOAD)
  protected String payload;

  /** Skips this goal. Default {@code false}. */
  @Parameter(property = ShellLambdaProperties.INVOKE_SKIP, defaultValue = "false")
  protected boolean skipInvoke;

  @Override
  protected String goal() {
    return "invoke";
  }

  @Override
  protected boolean skipGoal() {
    return skipInvoke;
  }

  @Override
  protected void executeLocal() throws MojoFailureException, UserMistakeException, IOException {
    byte[] bytes = eventBytes();
    LocalFunctionSpec spec = localSpec(1);
    ZipFreshness.check(spec.functionZip(), sourceDirectory.toPath());
    InvokeOnce.Result result = InvokeOnce.invoke(spec, bytes, workDirectory(), stubsOf(stubs));
    Invocation inv = result.invocation();
    getLog().info("Log:");
    for (String line : inv.log().split("\n")) {
      getLog().info("  " + line);
    }
    getLog().info("Response" + (inv.failed() ? " (function error)" : "") + ":");
    getLog().info(new String(inv.payload() == null ? new byte[0] : inv.payload(), StandardCharsets.UTF_8));
    getLog().info(inv.report().toLogLine());
    List<String> stubProblems = result.stubProblems().orElse(List.of());
    for (String p : stubProblems) {
      getLog().warn(p);
    }
    if (inv.error().isPresent()) {
      throw new MojoFailureException("The function returned an error: " + inv.error().get().errorType() + ": "
          + inv.error().get().errorMessage());
    }
  }

  private byte[] eventBytes() throws MojoFailureException, IOException {
    if (event != null && payload != null) {
      throw new MojoFailureException("Both -D" + ShellLambdaProperties.EVENT + " and -D" + ShellLambdaProperties.PAYLOAD
          + " are set; give the event one way");
    }
    if (payload != null) {
      return payload.getBytes(StandardCharsets.UTF_8);
    }
    if (event != null) {
      try {
        return Files.readAllBytes(event.toPath());
      } catch (NoSuchFileException e) {
        throw new MojoFailureException("<event> (-D" + ShellLambdaProperties.EVENT + ") is " + event
            + ", which does not exist; name a file holding the event JSON, or use -D" + ShellLambdaProperties.PAYLOAD
            + "='{...}'");
      }
    }
    if (System.console() != null) {
      getLog().info("Reading the event from stdin (end with Ctrl-D); or pass -D" + ShellLambdaProperties.EVENT
          + "=FILE or -D" + ShellLambdaProperties.PAYLOAD + "=JSON");
    }
    byte[] in = System.in.readAllBytes();
    if (in.length == 0) {
      getLog().info("No event given (stdin was empty): invoking with {}");
      return "{}".getBytes(StandardCharsets.UTF_8);
    }
    return in;
  }
}
