package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.function.Suggestions;
import io.github.shelllambda.plugin.layers.BootstrapLayer;
import io.github.shelllambda.plugin.layers.JqLayer;
import io.github.shelllambda.plugin.packaging.BuildLog;
import io.github.shelllambda.plugin.packaging.BuiltZip;
import io.github.shelllambda.plugin.failure.UserMistakeException;
import io.github.shelllambda.plugin.packaging.FunctionZipRequest;
import io.github.shelllambda.plugin.packaging.InvalidFunctionConfigException;
import io.github.shelllambda.plugin.packaging.OutputTimestamp;
import io.github.shelllambda.plugin.packaging.Packager;
import io.github.shelllambda.plugin.packaging.PackagingException;
import io.github.shelllambda.runtime.elf.WrongArchitectureException;
import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import io.github.shelllambda.runtime.function.InvalidFunctionConfigurationException;
import io.github.shelllambda.runtime.zip.ZipCheckException;
import io.github.shelllambda.runtime.zip.ZipLayoutException;
import io.github.shelllambda.runtime.zip.ZipSlipException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * The parameters every shell-lambda goal shares (DESIGN.md, "Parameters shared by the goals"),
 * the skip logic, and the mapping of core exceptions to Maven's: a user mistake (any {@link
 * UserMistakeException}, a zip layout problem) fails the build with {@link MojoFailureException};
 * I/O and network trouble is a {@link MojoExecutionException} with its cause.
 *
 * <p>To add a goal: extend this class, declare the goal's own parameters (its skip flag with the
 * property {@code shell-lambda.<goal>.skip}), implement {@link #goal()}, {@link #skipGoal()} and
 * {@link #executeGoal()} as one call into a core class whose exceptions extend {@link
 * UserMistakeException} (user mistakes) or {@link IOException}. The helpers ({@link #functionConfig()}, {@link #functionZip()}, {@link
 * #layerZips()}, ...) give the values the packaging goals used, so a later goal finds their zips.
 */
public abstract class AbstractShellLambdaMojo extends AbstractMojo {

  /** The project being built. */
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  /** The Maven session (settings, local repository, offline mode). */
  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  protected MavenSession session;

  /** Lambda function name, 1 to 64 of {@code [A-Za-z0-9_-]}. Default {@code ${project.artifactId}}. */
  @Parameter(property = ShellLambdaProperties.FUNCTION_NAME, defaultValue = "${project.artifactId}")
  protected String functionName;

  /**
   * Lambda's {@code _HANDLER}: {@code <file>.<function>}, e.g. {@code handler.run} for the function
   * {@code run} of {@code handler.sh}; a name without a function part is an executable run per
   * invocation. Default {@code handler.run}.
   */
  @Parameter(property = ShellLambdaProperties.HANDLER, defaultValue = "handler.run")
  protected String handler;

  /** {@code arm64} or {@code x86_64}. Default {@code arm64}. */
  @Parameter(property = ShellLambdaProperties.ARCHITECTURE, defaultValue = "arm64")
  protected String architecture;

  /** Memory in MB, 128 to 10240. Default {@code 128}. */
  @Parameter(property = ShellLambdaProperties.MEMORY_SIZE, defaultValue = "128")
  protected int memorySize;

  /** Timeout in seconds, 1 to 900. Default {@code 3} (Lambda's default). */
  @Parameter(property = ShellLambdaProperties.TIMEOUT, defaultValue = "3")
  protected int timeout;

  /**
   * The function's log format (Lambda's advanced logging controls): {@code Text} or {@code JSON}.
   * The toolkit's {@code lambda_log} writes JSON lines under {@code JSON}. Default {@code Text}.
   */
  @Parameter(property = ShellLambdaProperties.LOG_FORMAT, defaultValue = "Text")
  protected String logFormat;

  /**
   * The application log level with {@code logFormat} JSON: TRACE, DEBUG, INFO, WARN, ERROR or
   * FATAL ({@code AWS_LAMBDA_LOG_LEVEL}). Default {@code INFO} with JSON, none with Text.
   */
  @Parameter(property = ShellLambdaProperties.LOG_LEVEL)
  protected String logLevel;

  /** Environment variables of the function. Default none. */
  @Parameter
  protected Map<String, String> environment;

  /** The folder whose files go to the function zip's root. Default {@code src/main/shell}. */
  @Parameter(defaultValue = "${project.basedir}/src/main/shell")
  protected File sourceDirectory;

  /**
   * {@code true}: the bootstrap goes into the function zip as {@code /var/task/bootstrap} and no
   * bootstrap layer is built; {@code false}: the bootstrap layer provides {@code /opt/bootstrap}.
   * Default {@code false}.
   */
  @Parameter(property = ShellLambdaProperties.BUNDLE_BOOTSTRAP, defaultValue = "false")
  protected boolean bundleBootstrap;

  /** Where the jq binary comes from ({@code url} + {@code sha256}, {@code file}, or {@code artifact}). Default: the official static jq 1.8.1 release. */
  @Parameter
  protected JqConfig jq;

  /** Build the jq layer ({@code /opt/bin/jq}). Default {@code false}. */
  @Parameter(property = ShellLambdaProperties.JQ_ENABLED, defaultValue = "false")
  protected boolean jqEnabled;

  /** A local jq binary; overrides {@code <jq>} (offline builds). Default none. */
  @Parameter(property = ShellLambdaProperties.JQ_FILE)
  protected File jqFile;

  /** Skips every shell-lambda goal. Default {@code false}. */
  @Parameter(property = ShellLambdaProperties.SKIP, defaultValue = "false")
  protected boolean skip;

  /** Where the zips are written. Default {@code ${project.build.directory}}. */
  @Parameter(defaultValue = "${project.build.directory}", required = true)
  protected File outputDirectory;

  /** Base name of the function zip. Default {@code ${project.build.finalName}}. */
  @Parameter(defaultValue = "${project.build.finalName}", required = true)
  protected String finalName;

  /**
   * The time stored in every zip entry, for reproducible zips: ISO-8601 or seconds since the
   * epoch. Default {@code ${project.build.outputTimestamp}}, or 2000-01-01T00:00:00Z when unset.
   */
  @Parameter(defaultValue = "${project.build.outputTimestamp}")
  protected String outputTimestamp;

  /** The goal's name, for messages: {@code package}. */
  protected abstract String goal();

  /** The goal's own skip flag ({@code shell-lambda.<goal>.skip}). */
  protected abstract boolean skipGoal();

  /**
   * The goal's work, once skip flags were honoured: turn the parameters into a core request and
   * make one call. Core exceptions need no catch here: {@link #execute()} maps them.
   */
  protected abstract void executeGoal()
      throws MojoExecutionException, MojoFailureException, UserMistakeException, WrongArchitectureException,
          IOException, InterruptedException;

  /** Checked once per goal execution by {@link #functionConfig()}. */
  private FunctionConfiguration configuration;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping shell-lambda:" + goal() + " (" + ShellLambdaProperties.SKIP + "=true)");
      return;
    }
    if (skipGoal()) {
      getLog().info("Skipping shell-lambda:" + goal() + " (" + ShellLambdaProperties.skipOf(goal()) + "=true)");
      return;
    }
    try {
      executeGoal();
    } catch (WrongArchitectureException e) {
      throw new MojoFailureException(Suggestions.describe(e, ShellLambdaProperties.ARCHITECTURE_PARAMETER), e);
    } catch (UserMistakeException | ZipLayoutException | ZipSlipException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (ZipCheckException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("shell-lambda:" + goal() + " failed: " + e.getMessage(), e);
    } catch (UncheckedIOException e) { // the runtime's I/O trouble inside an invocation
      throw new MojoExecutionException("shell-lambda:" + goal() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("shell-lambda:" + goal() + " was interrupted", e);
    }
  }

  /**
   * The function's configuration from the POM, checked once per goal execution: every value
   * Lambda would refuse is reported at once, each naming its POM element and {@code -D} property,
   * the value, the rule and, where one is likely meant, the value to use.
   */
  protected FunctionConfiguration functionConfig() throws InvalidFunctionConfigException {
    if (configuration == null) {
      try {
        configuration = FunctionConfiguration.builder(functionName)
            .handler(handler)
            .architecture(architecture)
            .memorySizeMb(memorySize)
            .timeoutSeconds(timeout)
            .environment(environment)
            .logging(logging())
            .build();
      } catch (InvalidFunctionConfigurationException e) {
        throw new InvalidFunctionConfigException(
            Suggestions.describe(e.problems(), ShellLambdaProperties::parameterOf), e);
      }
    }
    return configuration;
  }

  /**
   * The logging controls from {@code logFormat} / {@code logLevel}; with JSON, the levels Lambda
   * reports when none is set (INFO), so a deploy finds no difference to a function it configured.
   */
  private FunctionConfiguration.Logging logging() {
    String format = logFormat == null || logFormat.isBlank() ? "Text" : logFormat.trim();
    String level = logLevel == null || logLevel.isBlank() ? null : logLevel.trim().toUpperCase(java.util.Locale.ROOT);
    String group = "/aws/lambda/" + functionName;
    if (format.equals("JSON")) {
      return new FunctionConfiguration.Logging(format, level == null ? "INFO" : level, "INFO", group);
    }
    return new FunctionConfiguration.Logging(format, level, null, group);
  }

  /** The checked architecture. */
  protected Architecture architecture() throws InvalidFunctionConfigException {
    return functionConfig().architecture();
  }

  /** The fixed zip entry time. */
  protected Instant timestamp() throws PackagingException {
    return OutputTimestamp.parse(outputTimestamp);
  }

  /** What the function zip is built from: the source folder, the handler, the architecture, the bootstrap choice. */
  protected FunctionZipRequest functionZipRequest() throws PackagingException {
    FunctionConfiguration config = functionConfig();
    return new FunctionZipRequest(sourceDirectory.toPath(), functionZip(), config.handler(), config.architecture(),
        bundleBootstrap, timestamp(), ShellLambdaProperties.FUNCTION_ZIP_PARAMETERS);
  }

  /** {@code <outputDirectory>/<finalName>.zip}: the function zip. */
  protected Path functionZip() {
    return outputDirectory.toPath().resolve(finalName + ".zip");
  }

  /** {@code <outputDirectory>/shell-lambda-bootstrap-<arch>.zip}. */
  protected Path bootstrapLayerZip(Architecture arch) {
    return outputDirectory.toPath().resolve(BootstrapLayer.fileName(arch));
  }

  /** {@code <outputDirectory>/shell-lambda-jq-<arch>.zip}. */
  protected Path jqLayerZip(Architecture arch) {
    return outputDirectory.toPath().resolve(JqLayer.fileName(arch));
  }

  /**
   * The layer zips this configuration deploys, in the order Lambda applies them: the bootstrap
   * layer unless the bootstrap is bundled, then the jq layer when enabled.
   */
  protected List<Path> layerZips() throws PackagingException {
    Architecture arch = architecture();
    List<Path> layers = new ArrayList<>();
    if (!bundleBootstrap) {
      layers.add(bootstrapLayerZip(arch));
    }
    if (jqEnabled) {
      layers.add(jqLayerZip(arch));
    }
    return layers;
  }

  /** The core's log, backed by Maven's. */
  protected BuildLog buildLog() {
    return MavenBuildLog.of(getLog());
  }

  /** Logs the one line a user wants about a zip: path, size, CodeSha256. */
  protected void logBuilt(BuiltZip zip) {
    getLog().info(zip.summary(project != null ? project.getBasedir().toPath() : null));
  }

  /**
   * Checks Lambda's 250 MB unzipped limit over the function zip and the layers built so far (each
   * packaging goal runs it; the last one in the phase sees them all).
   */
  protected void checkUnzippedTotal() throws PackagingException, IOException {
    List<Path> zips = new ArrayList<>();
    zips.add(functionZip());
    zips.addAll(layerZips());
    Packager.checkUnzippedTotal(zips);
  }

  /** How {@code package} and {@code run} (on every change) build the function zip. */
  protected Packager packager() throws PackagingException {
    return new Packager(functionZipRequest(), layerZips());
  }
}
