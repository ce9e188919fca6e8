package io.github.shelllambda.plugin.packaging;

import io.github.shelllambda.runtime.elf.WrongArchitectureException;
import io.github.shelllambda.runtime.zip.ZipInspector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Packages the function: builds its zip ({@link FunctionZip}) and checks Lambda's 250 MB unzipped
 * limit over the zip and the layers built so far. What {@code package} does once and {@code run}
 * does again on every change of the sources; the caller logs the result ({@link
 * BuiltZip#summary}) in its own words.
 *
 * @param zip what to build
 * @param layerZips the layer zips the function deploys with, in order (those that exist count)
 */
public record Packager(FunctionZipRequest zip, List<Path> layerZips) {

  public Packager {
    layerZips = List.copyOf(layerZips);
  }

  /** Builds and checks the function zip; {@code log} gets the checks' warnings. */
  public BuiltZip packageFunction(BuildLog log) throws PackagingException, WrongArchitectureException, IOException {
    BuiltZip built = FunctionZip.build(zip, log);
    List<Path> all = new ArrayList<>();
    all.add(zip.output());
    all.addAll(layerZips);
    checkUnzippedTotal(all);
    return built;
  }

  /**
   * Checks Lambda's 250 MB unzipped limit over the zips that exist among {@code zips} (each
   * packaging goal runs it; the last one in the phase sees them all).
   */
  public static void checkUnzippedTotal(List<Path> zips) throws PackagingException, IOException {
    Map<Path, Long> sizes = new LinkedHashMap<>();
    for (Path z : zips) {
      if (Files.isRegularFile(z)) {
        sizes.put(z, ZipInspector.read(z).unzippedSize());
      }
    }
    LambdaLimits.checkUnzipped(sizes);
  }
}
