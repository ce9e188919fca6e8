package io.github.shelllambda.plugin.layers;

import io.github.shelllambda.plugin.packaging.BuiltZip;
import io.github.shelllambda.plugin.packaging.ReproducibleZipWriter;
import io.github.shelllambda.plugin.packaging.ZipSource;
import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.bootstrap.BundledBootstrap;
import io.github.shelllambda.runtime.elf.ElfInfo;
import io.github.shelllambda.runtime.elf.WrongArchitectureException;
import io.github.shelllambda.runtime.zip.ZipLayout;
import io.github.shelllambda.runtime.zip.ZipLayoutException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The bootstrap layer: shell-lambda's static bootstrap at the zip root, so it lands at {@code /opt/bootstrap}. */
public final class BootstrapLayer {

  private BootstrapLayer() {}

  /** The conventional file name: {@code shell-lambda-bootstrap-<arch>.zip}. */
  public static String fileName(Architecture arch) {
    return "shell-lambda-bootstrap-" + arch.lambdaName() + ".zip";
  }

  public static BuiltZip build(Architecture arch, Path output, Instant timestamp) throws IOException,
      WrongArchitectureException, UnsuitableBinaryException, ZipLayoutException {
    byte[] bootstrap = BundledBootstrap.bytes(arch);
    ElfInfo elf = ElfInfo.requireArchitecture(bootstrap, BundledBootstrap.resource(arch), arch, "the bundled bootstrap");
    if (elf.hasInterpreter()) {
      throw new UnsuitableBinaryException("the bundled bootstrap " + BundledBootstrap.resource(arch) + " is "
          + elf.describe() + ", not a static linux-" + arch + " executable; the shell-lambda-runtime jar is broken,"
          + " rebuild it");
    }
    BuiltZip zip = ReproducibleZipWriter.write(output, List.of(ZipSource.bytes("bootstrap", 0755, bootstrap)),
        timestamp);
    try {
      ZipLayout.checkBootstrapLayer(zip.listing());
    } catch (ZipLayoutException e) {
      Files.deleteIfExists(zip.path()); // a refused layer is not left for the next goal to take
      throw e;
    }
    return zip;
  }
}
