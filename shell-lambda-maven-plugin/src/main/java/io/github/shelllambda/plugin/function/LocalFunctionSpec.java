package io.github.shelllambda.plugin.function;

import io.github.shelllambda.plugin.failure.UserMistakeException;
import io.github.shelllambda.runtime.LocalFunction;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import io.github.shelllambda.runtime.function.InvalidFunctionConfigurationException;
import io.github.shelllambda.runtime.function.LogSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything needed to start the packaged function locally: its checked configuration, the zips
 * of this build, and what only a local run has. Made once per goal execution and shared by the
 * goals test, run and invoke, so that all three run the function the same way.
 *
 * @param configuration the function's configuration (the POM's environment plus the envFile's)
 * @param functionZip {@code target/<finalName>.zip}
 * @param layers the layer zips in order ({@code shell-lambda-bootstrap-<arch>.zip}, then {@code
 *     shell-lambda-jq-<arch>.zip}), as they would be attached to the function
 * @param localCredentials the AWS credential variables handed over on purpose (passAwsCredentials):
 *     never configuration, since Lambda reserves their names; values are never printed
 * @param hostPath the host's whole PATH instead of provided.al2023's commands
 * @param maxConcurrency execution environments at most
 */
public record LocalFunctionSpec(
    FunctionConfiguration configuration,
    Path functionZip,
    List<Path> layers,
    Map<String, String> localCredentials,
    boolean hostPath,
    int maxConcurrency) {

  public LocalFunctionSpec {
    layers = List.copyOf(layers);
    localCredentials = Map.copyOf(localCredentials);
  }

  /** A zip this build should have made is not there. */
  public static final class MissingZipException extends UserMistakeException {
    public MissingZipException(String message) {
      super(message);
    }
  }

  /** Refuses to go on when a zip is missing, naming it and how to make it. */
  public void checkZipsExist() throws MissingZipException {
    List<Path> all = new ArrayList<>();
    all.add(functionZip);
    all.addAll(layers);
    for (Path p : all) {
      if (!Files.isRegularFile(p)) {
        throw new MissingZipException(p + " does not exist; the local goals run the packaged zips of "
            + "this build: run 'mvn package' first (or 'mvn verify', which packages and then tests)");
      }
    }
  }

  /**
   * The same function with more variables (a case's own, a stub server's URL), checked as Lambda
   * would check them.
   *
   * @throws InvalidFunctionConfigurationException a name Lambda refuses or reserves
   */
  public LocalFunctionSpec withEnvironment(Map<String, String> extra) {
    if (extra.isEmpty()) {
      return this;
    }
    Map<String, String> env = new TreeMap<>(configuration.environment());
    env.putAll(extra);
    return new LocalFunctionSpec(configuration.toBuilder().environment(env).build(), functionZip, layers,
        localCredentials, hostPath, maxConcurrency);
  }

  /**
   * The same function pointed at a local secrets server: its endpoint variables, and stand-in
   * credentials unless credentials were handed over (lambda_secret signs its requests).
   */
  public LocalFunctionSpec withLocalSecrets(io.github.shelllambda.runtime.secrets.LocalSecrets secrets) {
    LocalFunctionSpec s = withEnvironment(secrets.environment());
    return new LocalFunctionSpec(s.configuration, functionZip, layers,
        io.github.shelllambda.runtime.secrets.LocalSecrets.credentials(localCredentials), hostPath, maxConcurrency);
  }

  /** Never prints the credentials' values (nor the environment's: see {@link FunctionConfiguration#toString()}). */
  @Override
  public String toString() {
    return "LocalFunctionSpec[" + configuration + ", " + functionZip + ", layers " + layers + ", credentials "
        + localCredentials.keySet() + (hostPath ? ", host PATH" : "") + ", concurrency " + maxConcurrency + "]";
  }

  /**
   * Removes a work folder the runtime left (it keeps folders it was given); symbolic links are
   * removed, never followed.
   */
  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
        @Override
        public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs)
            throws IOException {
          Files.deleteIfExists(file);
          return java.nio.file.FileVisitResult.CONTINUE;
        }

        @Override
        public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
          Files.deleteIfExists(d);
          return java.nio.file.FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // Best effort: a folder under target/ that mvn clean removes anyway.
    }
  }

  /** Starts it (no execution environment yet: the first invocation is the cold start). */
  public LocalFunction start(LogSink logSink, Path workDirectory) throws IOException {
    LocalFunction.Builder b = LocalFunction.builder()
        .configuration(configuration)
        .functionZip(functionZip)
        .layers(layers)
        .localCredentials(localCredentials)
        .hostPath(hostPath)
        .maxConcurrency(maxConcurrency)
        .logSink(logSink);
    if (workDirectory != null) {
      Files.createDirectories(workDirectory);
      b.workDirectory(workDirectory);
    }
    return b.start();
  }
}
