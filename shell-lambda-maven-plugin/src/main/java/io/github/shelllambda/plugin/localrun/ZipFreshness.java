package io.github.shelllambda.plugin.localrun;

import io.github.shelllambda.plugin.failure.UserMistakeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.stream.Stream;

/** Refuses a function zip older than its sources: run and invoke serve the current code or nothing. */
public final class ZipFreshness {
  private ZipFreshness() {}

  /** The zip is older than a source file. */
  public static final class StaleZipException extends UserMistakeException {
    public StaleZipException(String message) {
      super(message);
    }
  }

  public static void check(Path zip, Path sourceDirectory) throws IOException, StaleZipException {
    Optional<Path> newer = newestSourceNewerThan(zip, sourceDirectory);
    if (newer.isPresent()) {
      throw new StaleZipException(zip + " is older than " + newer.get()
          + ": it would run old code. Package again ('mvn package', or call the goal as "
          + "'mvn shell-lambda:run', which packages first)");
    }
  }

  static Optional<Path> newestSourceNewerThan(Path zip, Path sourceDirectory) throws IOException {
    if (!Files.isDirectory(sourceDirectory)) {
      return Optional.empty();
    }
    FileTime built = Files.getLastModifiedTime(zip);
    try (Stream<Path> s = Files.walk(sourceDirectory)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> {
            try {
              return Files.getLastModifiedTime(p).compareTo(built) > 0;
            } catch (IOException e) {
              return false;
            }
          })
          .findFirst();
    }
  }
}
