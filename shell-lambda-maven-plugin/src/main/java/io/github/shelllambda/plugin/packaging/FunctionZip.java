package io.github.shelllambda.plugin.packaging;

import io.github.shelllambda.plugin.function.PomParameter;
import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.bootstrap.BundledBootstrap;
import io.github.shelllambda.runtime.elf.ElfInfo;
import io.github.shelllambda.runtime.elf.WrongArchitectureException;
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
 * deployed (CRLF or lone CR line endings, syntax, missing handler, links leaving the folder,
 * control characters in names, size limits). A refusal leaves no zip of this build behind: the
 * checks on the files run before writing, the zip is written to a temporary file moved into place
 * when complete, and a zip refused after writing (over 50 MB, say) is deleted.
 */
public final class FunctionZip {

  private FunctionZip() {}

  public static BuiltZip build(FunctionZipRequest request, BuildLog log) throws IOException, PackagingException,
      WrongArchitectureException, ZipLayoutException {
    Path root = request.sourceDirectory();
    FunctionZipRequest.Parameters names = request.parameters();
    List<SourceTree.SourceFile> files = SourceTree.scan(root, names.sourceDirectory().toString(), log);
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
        throw new SourceTreeException(root.resolve("bootstrap") + " exists and " + names.bundleBootstrap()
            + " is true: both would be /var/task/bootstrap. Remove the file to use shell-lambda's bootstrap, or set "
            + names.bundleBootstrap().withValue("false") + " (" + names.bundleBootstrap().assignment("false")
            + ") to keep your own");
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
    try {
      ZipLayout.checkFunctionZip(zip.listing(), request.handler());
      LambdaLimits.checkZipped(zip.path(), zip.size());
      LambdaLimits.checkUnzipped(Map.of(zip.path(), zip.listing().unzippedSize()));
    } catch (PackagingException | ZipLayoutException e) {
      // A refused zip is not left where the next goal (test, run, deploy) or a person would take it.
      Files.deleteIfExists(zip.path());
      log.info("Removed " + zip.path() + ": it was refused (below)");
      throw e;
    }
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
      throws IOException, WrongArchitectureException {
    if (f.mode() != 0755 || !ShellChecks.isElf(content)) {
      return;
    }
    ElfInfo.requireArchitecture(Arrays.copyOf(content, Math.min(content.length, 1 << 16)), f.file(), arch,
        "the executable");
  }

  /**
   * Fails when the handler's file is missing (before writing anything); warns when no definition
   * of the handler function is visible in it: it may come from a sourced library, and the
   * runtime's init error reports the rest.
   */
  private static void checkHandlerFile(FunctionZipRequest request, List<SourceTree.SourceFile> files, BuildLog log)
      throws IOException, SourceTreeException {
    String handler = request.handler();
    PomParameter parameter = request.parameters().handler();
    Optional<SourceTree.SourceFile> file = Optional.empty();
    for (String candidate : ZipLayout.handlerFileCandidates(handler)) {
      file = files.stream().filter(f -> f.name().equals(candidate)).findFirst();
      if (file.isPresent()) {
        break;
      }
    }
    if (file.isEmpty()) {
      String wanted = ZipLayout.handlerFileCandidates(handler).get(0);
      throw new SourceTreeException(parameter + " is '" + handler + "', which names the file "
          + request.sourceDirectory().resolve(wanted) + ", but there is no such file. Create it, or set "
          + parameter.withValue("FILE.FUNCTION") + " for a script FILE.sh in " + request.sourceDirectory() + " (found: "
          + files.stream().map(SourceTree.SourceFile::name).limit(10).toList() + ")");
    }
    Optional<String> function = ZipLayout.handlerFunction(handler);
    if (function.isPresent()) {
      String text = new String(Files.readAllBytes(file.get().file()), StandardCharsets.UTF_8);
      if (!ShellChecks.definesFunction(text, function.get())) {
        log.warn(file.get().file() + " defines no function '" + function.get() + "' (looked for '"
            + function.get() + "()' and 'function " + function.get() + "'); fine if a sourced library defines it,"
            + " otherwise the function fails at init. " + parameter + " is '" + handler + "'");
      }
    } else if (file.get().mode() != 0755) {
      throw new SourceTreeException(parameter + " is '" + handler + "', which has no function part, so Lambda runs "
          + file.get().file() + " as a program, but it is not executable. chmod +x it, or name a function:"
          + " " + parameter.withValue(handler + ".run"));
    }
  }
}
