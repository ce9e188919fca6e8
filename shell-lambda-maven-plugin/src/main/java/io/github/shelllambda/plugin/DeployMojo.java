package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.deploy.CaseSmokeTest;
import io.github.shelllambda.plugin.deploy.DeployException;
import io.github.shelllambda.plugin.deploy.Deployment;
import io.github.shelllambda.plugin.deploy.DesiredState;
import io.github.shelllambda.plugin.deploy.FunctionUrlSettings;
import io.github.shelllambda.plugin.deploy.LayerArtifact;
import io.github.shelllambda.plugin.deploy.MissingRoleException;
import io.github.shelllambda.plugin.deploy.SmokeTest;
import io.github.shelllambda.plugin.failure.UserMistakeException;
import io.github.shelllambda.plugin.function.Suggestions;
import io.github.shelllambda.plugin.function.UrlInvokeMode;
import io.github.shelllambda.plugin.localtest.TestCase;
import io.github.shelllambda.plugin.localtest.TestCases;
import io.github.shelllambda.plugin.packaging.InvalidFunctionConfigException;
import io.github.shelllambda.plugin.packaging.LambdaLimits;
import io.github.shelllambda.plugin.packaging.ReproducibleZipWriter;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import io.github.shelllambda.runtime.function.InvalidFunctionConfigurationException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Deploys the packaged function to Lambda (or any endpoint speaking the Lambda API): plans
 * first, publishes only what changed (layers, configuration, code), publishes a version, runs the
 * smoke tests on it, moves the alias last (with a canary share when asked), and puts the Function
 * URL on the alias with both public statements. Packages first. The work is {@link Deployment}'s.
 */
@Mojo(name = "deploy", threadSafe = true)
@Execute(phase = LifecyclePhase.PACKAGE)
public class DeployMojo extends AbstractAwsMojo {
  /** The variable that makes the bootstrap stream the handler's output (docs/writing-a-handler.md). */
  static final String STREAM_VARIABLE = UrlInvokeMode.STREAM_VARIABLE;

  /** The execution role ARN; required to create the function, kept when updating. Default none. */
  @Parameter(property = ShellLambdaProperties.ROLE)
  protected String role;

  /** Percent of the alias's traffic for the new version, 1 to 99; 0 moves the alias at once. Default {@code 0}. */
  @Parameter(property = ShellLambdaProperties.CANARY, defaultValue = "0")
  protected int canary;

  /** Print the plan and write {@code target/shell-lambda-plan.json}; change nothing. Default {@code false}. */
  @Parameter(property = ShellLambdaProperties.DRY_RUN, defaultValue = "false")
  protected boolean dryRun;

  /** A Function URL on the alias ({@code authType}, {@code invokeMode}, {@code cors}). Default: no URL. */
  @Parameter
  protected FunctionUrlConfig functionUrl;

  /** The URL's auth type ({@code NONE} or {@code AWS_IAM}); creates a URL too; overrides {@code <functionUrl><authType>}. */
  @Parameter(property = ShellLambdaProperties.URL_AUTH_TYPE)
  protected String urlAuthType;

  /** Reserved concurrency: the function's cap on concurrent executions. Default: none set. */
  @Parameter(property = ShellLambdaProperties.RESERVED_CONCURRENCY)
  protected Integer reservedConcurrency;

  /** Extra layer version ARNs, applied after this build's own layers. Default none. */
  @Parameter
  protected List<String> layers;

  /** Names of test cases run on the new version before the alias moves. Default none. */
  @Parameter(property = ShellLambdaProperties.SMOKE_TESTS)
  protected List<String> smokeTests;

  /** Delete versions older than the newest N that no alias uses. Default: keep all. */
  @Parameter(property = ShellLambdaProperties.KEEP_VERSIONS)
  protected Integer keepVersions;

  /** Tags on the function (added or updated; tags set by others are kept). Default none. */
  @Parameter
  protected Map<String, String> tags;

  /** The function's description. Default none. */
  @Parameter
  protected String description;

  /** The layer name the bootstrap layer is published under. Default {@code shell-lambda-bootstrap-<arch>}. */
  @Parameter
  protected String bootstrapLayerName;

  /** The layer name the jq layer is published under. Default {@code shell-lambda-jq-<arch>}. */
  @Parameter
  protected String jqLayerName;

  /** Where the test cases named by {@code smokeTests} live. Default {@code src/test/shell-lambda}. */
  @Parameter(defaultValue = "${project.basedir}/src/test/shell-lambda")
  protected File testSourceDirectory;

  /** Skips this goal. Default {@code false}. */
  @Parameter(property = ShellLambdaProperties.DEPLOY_SKIP, defaultValue = "false")
  protected boolean skipDeploy;

  @Override
  protected String goal() {
    return "deploy";
  }

  @Override
  protected boolean skipGoal() {
    return skipDeploy;
  }

  @Override
  protected void executeGoal() throws MojoExecutionException, MojoFailureException, UserMistakeException, IOException {
    DesiredState desired = desiredState();
    SmokeTest smoke = smokeTest();
    Path target = outputDirectory.toPath();
    Deployment.Request request = new Deployment.Request(desired, dryRun, target.resolve("shell-lambda-plan.json"),
        target.resolve("shell-lambda-deploy.json"),
        keepVersions == null ? OptionalInt.empty() : OptionalInt.of(keepVersions));
    try (LambdaClient lambda = lambdaClient()) {
      String inRegion = lambda.serviceClientConfiguration().region().id();
      if (desired.url().isPresent() && FunctionUrlSettings.UNSUPPORTED_REGIONS.contains(inRegion)) {
        throw new MojoFailureException("Lambda has no Function URLs in " + inRegion + " (nor in "
            + new java.util.TreeSet<>(FunctionUrlSettings.UNSUPPORTED_REGIONS) + "): deploy to another region with "
            + ShellLambdaProperties.REGION_PARAMETER + ", or remove " + ShellLambdaProperties.FUNCTION_URL_PARAMETER
            + " and put API Gateway in front of the alias");
      }
      Deployment.run(lambda, request, smoke, buildLog());
    } catch (MissingRoleException e) {
      throw new MojoFailureException(e.getMessage() + ": set " + ShellLambdaProperties.ROLE_PARAMETER
          + ", e.g. " + ShellLambdaProperties.ROLE_PARAMETER.assignment("arn:aws:iam::123456789012:role/my-fn")
          + ". The role needs this trust policy: " + MissingRoleException.TRUST_POLICY
          + " and the managed policy " + MissingRoleException.BASIC_EXECUTION_POLICY + " (CloudWatch logs)", e);
    } catch (DeployException e) {
      throw new MojoExecutionException("shell-lambda:deploy stopped: " + e.getMessage(), e);
    } catch (SdkClientException e) {
      if (String.valueOf(e.getMessage()).contains("credentials")) {
        throw noCredentials(e);
      }
      throw new MojoExecutionException("shell-lambda:deploy could not reach the Lambda API: " + e.getMessage(), e);
    }
  }

  /** What was built, as deploy compares it with what is deployed. */
  DesiredState desiredState() throws MojoFailureException, UserMistakeException, IOException {
    if (canary < 0 || canary > 99) {
      throw new MojoFailureException(ShellLambdaProperties.CANARY_PARAMETER + " is " + canary + ", but a canary is 1"
          + " to 99 percent of the alias's traffic (0: the alias moves at once); e.g. "
          + ShellLambdaProperties.CANARY_PARAMETER.assignment("10"));
    }
    if (keepVersions != null && keepVersions < 1) {
      throw new MojoFailureException(ShellLambdaProperties.KEEP_VERSIONS_PARAMETER + " is " + keepVersions
          + ", but at least the newest version is kept: use 1 or more, or leave it unset to keep all");
    }
    String aliasName = alias();
    Optional<FunctionUrlSettings> url = functionUrl();
    FunctionConfiguration base = functionConfig();
    List<Path> ownZips = layerZips();
    List<LayerArtifact> own = new ArrayList<>();
    for (Path zip : ownZips) {
      boolean bootstrap = zip.getFileName().toString().startsWith("shell-lambda-bootstrap-");
      String defaultName = zip.getFileName().toString().replaceFirst("\\.zip$", "");
      String name = bootstrap ? Optional.ofNullable(bootstrapLayerName).orElse(defaultName)
          : Optional.ofNullable(jqLayerName).orElse(defaultName);
      own.add(new LayerArtifact(name, requireZip(zip), ReproducibleZipWriter.codeSha256(zip), Files.size(zip)));
    }
    List<String> extra = layers == null ? List.of() : layers;
    if (own.size() + extra.size() > FunctionConfiguration.MAX_LAYERS) {
      throw new MojoFailureException(ShellLambdaProperties.LAYERS_PARAMETER + " has " + extra.size()
          + " layer(s) and this build adds " + own.size() + " of its own, but a function has at most "
          + FunctionConfiguration.MAX_LAYERS + " layers; remove some, or bundle the bootstrap ("
          + ShellLambdaProperties.BUNDLE_BOOTSTRAP_PARAMETER.assignment("true") + ")");
    }
    FunctionConfiguration config;
    try {
      FunctionConfiguration.Builder b = base.toBuilder().role(role).description(description).layers(extra);
      Map<String, String> streaming = url.isPresent()
          ? UrlInvokeMode.variables(url.get().invokeMode(), base.environment()) : Map.of();
      if (!streaming.isEmpty()) {
        // the bootstrap cannot learn the URL's invoke mode from the Runtime API: it streams when told so
        streaming.forEach(b::environmentVariable);
        getLog().info("invokeMode RESPONSE_STREAM: the function gets " + STREAM_VARIABLE + "=1, so its bootstrap"
            + " streams what the handler prints");
      }
      config = b.build();
    } catch (InvalidFunctionConfigurationException e) {
      throw new InvalidFunctionConfigException(Suggestions.describe(e.problems(), ShellLambdaProperties::parameterOf), e);
    }
    Path zip = requireZip(functionZip());
    long size = Files.size(zip);
    if (size > LambdaLimits.MAX_ZIPPED_BYTES) {
      throw new MojoFailureException(zip + " is " + size + " bytes, over Lambda's direct upload limit of "
          + LambdaLimits.MAX_ZIPPED_BYTES + " bytes; uploading through S3 is not supported yet");
    }
    return new DesiredState(config, zip, ReproducibleZipWriter.codeSha256(zip), size, own, aliasName, canary,
        url, reservedConcurrency == null ? OptionalInt.empty() : OptionalInt.of(reservedConcurrency),
        tags == null ? Map.of() : tags);
  }

  private Optional<FunctionUrlSettings> functionUrl() throws MojoFailureException {
    String auth = urlAuthType != null ? urlAuthType : functionUrl != null ? functionUrl.authType : null;
    if (auth == null) {
      if (functionUrl != null) {
        throw new MojoFailureException(ShellLambdaProperties.FUNCTION_URL_PARAMETER + " has no <authType>: set"
            + " <authType>NONE</authType> (public) or <authType>AWS_IAM</authType> (signed requests only)");
      }
      return Optional.empty();
    }
    String a = auth.trim().toUpperCase(Locale.ROOT);
    if (!a.equals(FunctionUrlSettings.NONE) && !a.equals(FunctionUrlSettings.AWS_IAM)) {
      throw new MojoFailureException(ShellLambdaProperties.FUNCTION_URL_PARAMETER + " authType is '" + auth
          + "', but Lambda accepts NONE or AWS_IAM");
    }
    String mode = FunctionUrlConfig.invokeMode(functionUrl);
    FunctionUrlSettings.Cors cors = FunctionUrlSettings.Cors.NONE;
    if (functionUrl != null && functionUrl.cors != null) {
      FunctionUrlConfig.Cors c = functionUrl.cors;
      cors = new FunctionUrlSettings.Cors(Boolean.TRUE.equals(c.allowCredentials), list(c.allowHeaders),
          list(c.allowMethods), list(c.allowOrigins), list(c.exposeHeaders), c.maxAge);
    }
    return Optional.of(new FunctionUrlSettings(a, cors, mode));
  }

  private SmokeTest smokeTest() throws MojoFailureException, UserMistakeException, IOException {
    if (smokeTests == null || smokeTests.isEmpty()) {
      return SmokeTest.NONE;
    }
    List<TestCase> cases = new ArrayList<>();
    for (String name : smokeTests) {
      if (name.isBlank()) {
        continue;
      }
      try {
        cases.addAll(TestCases.load(testSourceDirectory.toPath(), name.trim()));
      } catch (TestCases.NoSuchCaseException e) {
        throw new MojoFailureException(ShellLambdaProperties.SMOKE_TESTS_PARAMETER + " names '" + name.trim()
            + "', but " + e.getMessage(), e);
      }
    }
    try {
      return new CaseSmokeTest(cases, buildLog());
    } catch (CaseSmokeTest.UnsuitableCaseException e) {
      throw new MojoFailureException(ShellLambdaProperties.SMOKE_TESTS_PARAMETER + ": " + e.getMessage(), e);
    }
  }

  private static Path requireZip(Path zip) throws MojoFailureException {
    if (!Files.isRegularFile(zip)) {
      throw new MojoFailureException(zip + " does not exist: deploy uploads the zips this build packaged;"
          + " run 'mvn package shell-lambda:deploy'");
    }
    return zip;
  }

  private static List<String> list(List<String> l) {
    return l == null ? List.of() : l;
  }
}
