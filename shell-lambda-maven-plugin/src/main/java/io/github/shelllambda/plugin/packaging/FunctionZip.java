package io.github.shelllambda.plugin.packaging;

import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.bootstrap.BundledBootstrap;
import io.github.shelllambda.runtime.elf.ElfInfo;
import io.github.shelllambda.runtime.zip.ZipLayout;
import io.github.shelllambda.runtime.zip.ZipLayoutException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the function zip: every file of the source folder at the zip root with explicit modes,
 * plus the bootstrap when it is bundled, after the checks that catch what would only fail once
 * deployed (CRLF, syntax, missing handler, links leaving the folder, size limits).
 */
public final class FunctionZip {

  /** The parameter that names the source folder, for messages. */
  static final String SOURCE_PARAMETER = "<sourceDirectory>";

  private FunctionZip() {}

  public static BuiltZip build(FunctionZipRequest request, BuildLog log) throws IOException, PackagingException,
      ZipLayoutException {
    Path root = request.sourceDirectory();
    List<SourceTree.SourceFile> files = SourceTree.scan(root, SOURCE_PARAMETER, log);
    List<ZipSource> sources = new ArrayList<>();
    for (SourceTree.SourceFile f : files) {
      byte[] content = head(f.file());
      if (ShellChecks.isScript(f.name(), content)) {
        content = Files.readAllBytes(f.file());
        ShellChecks.checkLineEndings(f.file(), content);
      }
      if (ShellChecks.isBashScript(f.name(), content)) {
        ShellChecks.checkSyntax(f.file(), log);
        ShellChecks.shellcheck(f.file(), log);
        for (String warning : ShellChecks.absolutePathUses(f.file(), new String(content, StandardCharsets.UTF_8))) {
          log.warn(warning);
        }
        for (String warning : ShellChecks.toolkitRedefinitions(f.file(), new String(content, StandardCharsets.UTF_8))) {
          log.warn(warning);
        }
      }
      checkExecutableArchitecture(f, content, request.architecture());
      sources.add(ZipSource.file(f.name(), f.mode(), f.file()));
      log.debug("  " + Integer.toOctalString(f.mode()) + " " + f.name());
    }
    if (request.bundleBootstrap()) {
      if (files.stream().anyMatch(f -> f.name().equals("bootstrap"))) {
        throw new SourceTreeException(root.resolve("bootstrap") + " exists and <bundleBootstrap> is true: both"
            + " would be /var/task/bootstrap. Remove the file to use shell-lambda's bootstrap, or set"
            + " <bundleBootstrap>false</bundleBootstrap> (-Dshell-lambda.bundleBootstrap=false) to keep your own");
      }
      sources.add(ZipSource.bytes("bootstrap", 0755, BundledBootstrap.bytes(request.architecture())));
    }
    checkHandlerFile(request, files, log);
    // Fail before compressing anything when the files alone are over the unzipped limit.
    long unzipped = 0;
    for (SourceTree.SourceFile f : files) {
      unzipped += Files.size(f.file());
    }
    LambdaLimits.checkUnzipped(Map.of(request.output(), unzipped));

    BuiltZip zip = ReproducibleZipWriter.write(request.output(), sources, request.timestamp());
    ZipLayout.checkFunctionZip(zip.listing(), request.handler());
    LambdaLimits.checkZipped(zip.path(), zip.size());
    LambdaLimits.checkUnzipped(Map.of(zip.path(), zip.listing().unzippedSize()));
    return zip;
  }

  /** The first 64 KiB of a file: enough to tell scripts and ELF headers apart without reading large files. */
  private static byte[] head(Path file) throws IOException {
    try (var in = Files.newInputStream(file)) {
      return in.readNBytes(1 << 16);
    }
  }

  /**
   * An executable ELF for another machine can only fail with "exec format error" once deployed.
   * Dynamically linked ones are left alone here: provided.al2023 has glibc, so they may run.
   */
  private static void checkExecutableArchitecture(SourceTree.SourceFile f, byte[] content, Architecture arch)
      throws IOException, SourceTreeException {
    if (f.mode() != 0755 || !ShellChecks.isElf(content)) {
      return;
    }
    ElfInfo elf = ElfInfo.read(Arrays.copyOf(content, Math.min(content.length, 1 << 16)), f.file());
    if (elf.architecture().orElse(null) != arch) {
      throw new SourceTreeException(f.file() + " is an executable " + elf.describe() + ", but the function's"
          + " <architecture> is " + arch + ": on Lambda it fails with \"exec format error\". Replace it with the"
          + " linux-" + arch + " build, or set <architecture> (-Dshell-lambda.architecture) to match it");
    }
  }

  /**
   * Fails when the handler's file is missing (before writing anything); warns when no definition
   * of the handler function is visible in it: it may come from a sourced library, and the
   * runtime's init error reports the rest.
   */
  private static void checkHandlerFile(FunctionZipRequest request, List<SourceTree.SourceFile> files, BuildLog log)
      throws IOException, SourceTreeException {
    String handler = request.handler();
    Optional<SourceTree.SourceFile> file = Optional.empty();
    for (String candidate : ZipLayout.handlerFileCandidates(handler)) {
      file = files.stream().filter(f -> f.name().equals(candidate)).findFirst();
      if (file.isPresent()) {
        break;
      }
    }
    if (file.isEmpty()) {
      String wanted = ZipLayout.handlerFileCandidates(handler).get(0);
      throw new SourceTreeException("<handler> (-Dshell-lambda.handler) is '" + handler + "', which names the file "
          + request.sourceDirectory().resolve(wanted) + ", but there is no such file. Create it, or set <handler>"
          + " to <file>.<function> for a script in " + request.sourceDirectory() + " (found: "
          + files.stream().map(SourceTree.SourceFile::name).limit(10).toList() + ")");
    }
    Optional<String> function = ZipLayout.handlerFunction(handler);
    if (function.isPresent()) {
      String text = new String(Files.readAllBytes(file.get().file()), StandardCharsets.UTF_8);
      if (!ShellChecks.definesFunction(text, function.get())) {
        log.warn(file.get().file() + " defines no function '" + function.get() + "' (looked for '"
            + function.get() + "()' and 'function " + function.get() + "'); fine if a sourced library defines it,"
            + " otherwise the function fails at init. <handler> is '" + handler + "'");
      }
    } else if (file.get().mode() != 0755) {
      throw new SourceTreeException("<handler> '" + handler + "' has no function part, so Lambda runs "
          + file.get().file() + " as a program, but it is not executable. chmod +x it, or name a function:"
          + " <handler>" + handler + ".run</handler>");
    }
  }
}
