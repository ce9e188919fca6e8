package io.github.shelllambda.runtime.bootstrap;

import io.github.shelllambda.runtime.function.Architecture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** The static bootstraps this jar carries, one per Lambda architecture. */
public final class BundledBootstrap {

  /** Resource prefix; the bootstrap of an architecture is at {@code PREFIX + "linux-<arch>/bootstrap"}. */
  public static final String PREFIX = "META-INF/shell-lambda/bootstrap/";

  private BundledBootstrap() {}

  public static String resource(Architecture arch) {
    return PREFIX + arch.resourceFolder() + "/bootstrap";
  }

  /** The bootstrap bytes of an architecture. */
  public static byte[] bytes(Architecture arch) {
    try (InputStream in = BundledBootstrap.class.getClassLoader().getResourceAsStream(resource(arch))) {
      if (in == null) {
        throw new IllegalStateException(
            "the shell-lambda-runtime jar carries no bootstrap for " + arch + " (" + resource(arch)
                + "); it was built without the native toolchain");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the bootstrap of an architecture to {@code target} with mode 0755. */
  public static Path writeTo(Architecture arch, Path target) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".bootstrap", ".tmp");
    Files.write(tmp, bytes(arch));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
