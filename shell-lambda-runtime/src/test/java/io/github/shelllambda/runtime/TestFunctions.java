package io.github.shelllambda.runtime;

import io.github.shelllambda.runtime.bootstrap.BundledBootstrap;
import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Real function and layer zips for the tests: the bundled bootstrap, bash handlers, gojq. */
final class TestFunctions {
  private TestFunctions() {}

  /** A zip of {@code files} (name -> content); names ending in {@code bootstrap} or under {@code bin/} get 0755. */
  static Path zip(Path zip, Map<String, byte[]> files) throws IOException {
    Files.createDirectories(zip.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(zip);
        ZipArchiveOutputStream z = new ZipArchiveOutputStream(out)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        ZipArchiveEntry e = new ZipArchiveEntry(f.getKey());
        boolean exec = f.getKey().endsWith("bootstrap") || f.getKey().startsWith("bin/") || f.getKey().endsWith(".exe");
        e.setUnixMode(0100000 | (exec ? 0755 : 0644));
        z.putArchiveEntry(e);
        z.write(f.getValue());
        z.closeArchiveEntry();
      }
    }
    return zip;
  }

  static Path handlerZip(Path dir, String handlerSh) throws IOException {
    return zip(dir.resolve("function.zip"), Map.of("handler.sh", handlerSh.getBytes(StandardCharsets.UTF_8)));
  }

  /** The bootstrap layer of an architecture, from the bootstrap this module just built. */
  static Path bootstrapLayer(Path dir, Architecture arch) throws IOException {
    return zip(dir.resolve("bootstrap-" + arch + ".zip"), Map.of("bootstrap", BundledBootstrap.bytes(arch)));
  }

  /** A jq layer (Debian's static gojq as bin/jq) of an architecture. */
  static Path jqLayer(Path dir, Architecture arch) throws IOException {
    Path jq = Path.of(System.getProperty("shell-lambda.tools", ".tools"), "gojq", arch.lambdaName(), "jq");
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("bin/jq", Files.readAllBytes(jq));
    return zip(dir.resolve("jq-" + arch + ".zip"), files);
  }

  static Architecture host() {
    return Architecture.host().orElseThrow();
  }

  /**
   * A configuration builder for a host-architecture function. Its timeout is 30 s, not Lambda's
   * default 3 s, so a busy machine cannot time out a test that is not about timeouts; those set
   * their own.
   */
  static FunctionConfiguration.Builder config(String name) {
    return FunctionConfiguration.builder(name).architecture(host()).timeoutSeconds(30);
  }

  /** A builder for a host-architecture function {@code fn} with the bootstrap layer and this handler. */
  static LocalFunction.Builder function(Path dir, String handlerSh) throws IOException {
    Files.createDirectories(dir);
    return LocalFunction.builder()
        .configuration(config("fn").build())
        .functionZip(handlerZip(dir, handlerSh))
        .layer(bootstrapLayer(dir, host()));
  }
}
