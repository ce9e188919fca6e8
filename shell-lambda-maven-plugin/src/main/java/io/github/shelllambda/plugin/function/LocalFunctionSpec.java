package io.github.shelllambda.plugin.function;

import io.github.shelllambda.plugin.failure.UserMistakeException;
import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.LocalFunction;
import io.github.shelllambda.runtime.function.LogSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to start the packaged function locally: the zips of this build and the
 * function's configuration. Shared by the goals test, run and invoke, so that all three run the
 * function the same way.
 *
 * @param functionZip {@code target/<finalName>.zip}
 * @param layers the layer zips in order ({@code shell-lambda-bootstrap-<arch>.zip}, then {@code
 *     shell-lambda-jq-<arch>.zip}), as they would be attached to the function
 * @param environment the function's variables (POM, envFile, credentials when asked for)
 */
public record LocalFunctionSpec(
    Path functionZip,
    List<Path> layers,
    String functionName,
    String handler,
    int memorySizeMb,
    int timeoutSeconds,
    Architecture architecture,
    Map<String, String> environment,
    boolean hostPath,
    int maxConcurrency) {

  public LocalFunctionSpec {
    layers = List.copyOf(layers);
    environment = Map.copyOf(environment);
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

  /** The same function with more variables (a case's own, a stub server's URL). */
  public LocalFunctionSpec withEnvironment(Map<String, String> extra) {
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.putAll(extra);
    return new LocalFunctionSpec(functionZip, layers, functionName, handler, memorySizeMb,
        timeoutSeconds, architecture, env, hostPath, maxConcurrency);
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
        .functionZip(functionZip)
        .functionName(functionName)
        .handler(handler)
        .memorySizeMb(memorySizeMb)
        .timeoutSeconds(timeoutSeconds)
        .architecture(architecture)
        .environment(environment)
        .hostPath(hostPath)
        .maxConcurrency(maxConcurrency)
        .logSink(logSink);
    for (Path layer : layers) {
      b.layer(layer);
    }
    if (workDirectory != null) {
      Files.createDirectories(workDirectory);
      b.workDirectory(workDirectory);
    }
    return b.start();
  }
}
