package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.failure.UserMistakeException;
import io.github.shelllambda.plugin.function.LocalFunctionSpec;
import io.github.shelllambda.plugin.function.UrlInvokeMode;
import io.github.shelllambda.plugin.localtest.CaseRunner;
import io.github.shelllambda.plugin.localtest.CaseResult;
import io.github.shelllambda.plugin.localtest.JUnitReportWriter;
import io.github.shelllambda.plugin.localtest.TestCase;
import io.github.shelllambda.plugin.localtest.TestCases;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the handler test cases of {@code src/test/shell-lambda/*.case.json} against the packaged
 * zips of this build on the embedded runtime: one line per case, a diff and the log for a
 * failure, a Surefire-format report in {@code target/shell-lambda-reports/}, and an estimated
 * cost per million requests. Bound to {@code integration-test} by the shell-lambda packaging.
 */
@Mojo(name = "test", defaultPhase = LifecyclePhase.INTEGRATION_TEST, threadSafe = true)
public class TestMojo extends AbstractLocalMojo {

  /** Runs only this case (its name: the file name without {@code .case.json}). Default: all. */
  @Parameter(property = ShellLambdaProperties.TEST)
  protected String test;

  /** Skips this goal. Default {@code false}. */
  @Parameter(property = ShellLambdaProperties.TEST_SKIP, defaultValue = "false")
  protected boolean skipTest;

  /** Maven's usual switch: skips this goal too. Default {@code false}. */
  @Parameter(property = "skipTests", defaultValue = "false")
  protected boolean skipTests;

  /** Maven's usual switch: skips this goal too. Default {@code false}. */
  @Parameter(property = "maven.test.skip", defaultValue = "false")
  protected boolean mavenTestSkip;

  /** Where the JUnit XML report goes. Default {@code ${project.build.directory}/shell-lambda-reports}. */
  @Parameter(defaultValue = "${project.build.directory}/shell-lambda-reports", required = true)
  protected File reportsDirectory;

  @Override
  protected String goal() {
    return "test";
  }

  @Override
  protected boolean skipGoal() {
    return skipTest;
  }

  @Override
  protected void executeLocal() throws MojoFailureException, UserMistakeException, IOException {
    if (skipTests || mavenTestSkip) {
      getLog().info("Skipping shell-lambda:test (" + (skipTests ? "skipTests" : "maven.test.skip") + "=true)");
      return;
    }
    Path dir = testSourceDirectory.toPath();
    List<TestCase> cases;
    try {
      cases = TestCases.load(dir, test);
    } catch (TestCases.NoSuchCaseException e) {
      throw new MojoFailureException("-D" + ShellLambdaProperties.TEST + " is '" + test + "', but " + e.getMessage(), e);
    }
    if (cases.isEmpty()) {
      getLog().warn("No handler test cases: " + dir + " has no *" + TestCase.SUFFIX
          + " files. Add one (see the test-case format in the shell-lambda docs) to test the handler locally");
      return;
    }
    String invokeMode = invokeMode();
    LocalFunctionSpec spec = localSpec(false, 1);
    FunctionConfiguration config = spec.configuration();
    // the cases get the mode's variables one by one (a case's request.invokeMode wins): CaseRunner
    getLog().info("Running " + cases.size() + " handler test case(s) against " + spec.functionZip().getFileName()
        + " (" + config.architecture() + ", " + config.memorySizeMb() + " MB, timeout " + config.timeoutSeconds()
        + " s)" + UrlInvokeMode.describe(invokeMode, config.environment()).map(d -> "; " + d).orElse(""));
    CaseRunner.Outcome outcome;
    try (CaseRunner runner = new CaseRunner(spec, workDirectory(), buildLog(), invokeMode)) {
      outcome = runner.runAll(cases);
    }
    Map<String, String> props = new LinkedHashMap<>();
    props.put(ShellLambdaProperties.FUNCTION_NAME, config.functionName());
    props.put(ShellLambdaProperties.ARCHITECTURE, config.architecture().lambdaName());
    props.put(ShellLambdaProperties.MEMORY_SIZE, Integer.toString(config.memorySizeMb()));
    props.put(ShellLambdaProperties.PREFIX + "functionZip", spec.functionZip().toString());
    Path report = JUnitReportWriter.write(reportsDirectory.toPath(), ShellLambdaProperties.PREFIX + config.functionName(),
        outcome.results(), props);
    long failed = outcome.failures();
    getLog().info("Handler tests: " + outcome.results().size() + " run, " + (outcome.results().size() - failed)
        + " passed, " + failed + " failed; report " + report);
    if (outcome.emulated()) {
      getLog().info("No cost estimate: the function ran under qemu emulation, whose durations say nothing about"
          + " Lambda's; run the tests on an " + config.architecture() + " host for an estimate");
    } else {
      outcome.cost().ifPresent(c -> getLog().info(c.describe()));
    }
    if (failed > 0) {
      List<String> names = outcome.results().stream().filter(r -> !r.passed()).map(CaseResult::name).toList();
      throw new MojoFailureException(failed + " of " + outcome.results().size() + " handler test case(s) failed: "
          + String.join(", ", names) + ". The diffs and logs are above and in " + report
          + "; run one case with -D" + ShellLambdaProperties.TEST + "=" + names.get(0));
    }
  }
}
