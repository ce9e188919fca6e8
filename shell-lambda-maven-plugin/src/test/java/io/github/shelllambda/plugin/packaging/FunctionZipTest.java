package io.github.shelllambda.plugin.packaging;

import io.github.shelllambda.plugin.ShellLambdaProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.shelllambda.runtime.elf.WrongArchitectureException;
import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.elf.ElfInfo;
import io.github.shelllambda.runtime.zip.ZipEntryInfo;
import io.github.shelllambda.runtime.zip.ZipExtractor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionZipTest {

  static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;
  Path src;
  RecordingLog log = new RecordingLog();

  @BeforeEach
  void source() throws Exception {
    src = Files.createDirectories(dir.resolve("src/main/shell"));
    Files.writeString(src.resolve("handler.sh"), "#!/bin/bash\nrun() {\n  echo '{\"ok\":true}'\n}\n");
  }

  private BuiltZip build(String handler, boolean bundle) throws Exception {
    return FunctionZip.build(new FunctionZipRequest(src, dir.resolve("target/fn.zip"), handler, Architecture.ARM64,
        bundle, T, ShellLambdaProperties.FUNCTION_ZIP_PARAMETERS), log);
  }

  private BuiltZip build() throws Exception {
    return build("handler.run", false);
  }

  @Test
  void modesFollowTheRulesWhateverTheUmask() throws Exception {
    Files.setPosixFilePermissions(src.resolve("handler.sh"), PosixFilePermissions.fromString("rw-------"));
    Files.createDirectories(src.resolve("lib"));
    Path tool = Files.writeString(src.resolve("lib/tool"), "#!/bin/sh\necho tool\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
    Path data = Files.writeString(src.resolve("lib/data.json"), "{}");
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rw-rw-rw-"));
    BuiltZip z = build();
    assertThat(z.listing().entries()).extracting(e -> e.name() + " " + e.modeString())
        .containsExactly("handler.sh -rwxr-xr-x", "lib/ drwxr-xr-x", "lib/data.json -rw-r--r--",
            "lib/tool -rwxr-xr-x");
    assertThat(z.path()).isEqualTo(dir.resolve("target/fn.zip"));
  }

  @Test
  void bundledBootstrapIsTheStaticExecutableOfTheArchitecture() throws Exception {
    BuiltZip z = build("handler.run", true);
    ZipEntryInfo b = z.listing().entry("bootstrap").orElseThrow();
    assertThat(b.modeString()).isEqualTo("-rwxr-xr-x");
    Path out = dir.resolve("task");
    ZipExtractor.extract(z.path(), out);
    ElfInfo elf = ElfInfo.read(out.resolve("bootstrap"));
    assertThat(elf.architecture()).contains(Architecture.ARM64);
    assertThat(elf.hasInterpreter()).isFalse();
    assertThat(build("handler.run", false).listing().entry("bootstrap")).isEmpty();
  }

  @Test
  void ownBootstrapAndBundledOneClash() throws Exception {
    Files.writeString(src.resolve("bootstrap"), "#!/bin/sh\nexec ./handler.sh\n");
    assertThatThrownBy(() -> build("handler.run", true)).isInstanceOf(SourceTreeException.class)
        .hasMessageContaining("<bundleBootstrap>false</bundleBootstrap> (-Dshell-lambda.bundleBootstrap=false)").hasMessageContaining("bootstrap exists");
  }

  @Test
  void twoBuildsAreByteIdenticalEvenWhenFileTimesChange() throws Exception {
    byte[] first = Files.readAllBytes(build().path());
    Files.setLastModifiedTime(src.resolve("handler.sh"), FileTime.from(Instant.now().plusSeconds(3600)));
    byte[] second = Files.readAllBytes(build().path());
    assertThat(second).isEqualTo(first);
  }

  /** The first 64 bytes of a static little-endian ELF64 executable for {@code machine}, without program headers. */
  static byte[] elfHeader(int machine) {
    byte[] h = new byte[64];
    h[0] = 0x7f;
    h[1] = 'E';
    h[2] = 'L';
    h[3] = 'F';
    h[4] = 2; // ELFCLASS64
    h[5] = 1; // little endian
    h[6] = 1;
    h[16] = 2; // ET_EXEC
    h[18] = (byte) machine;
    h[19] = (byte) (machine >> 8);
    return h;
  }

  @Test
  void executableOfTheOtherArchitectureIsRefused() throws Exception {
    Path bin = Files.createDirectories(src.resolve("bin"));
    Path tool = Files.write(bin.resolve("tool"), elfHeader(Architecture.X86_64.elfMachine()));
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThatThrownBy(this::build).isInstanceOf(WrongArchitectureException.class)
        .hasMessageContaining("bin/tool) is ELF 64-bit x86-64")
        .hasMessageContaining("the function's architecture is arm64")
        .hasMessageContaining("exec format error");
    Files.write(tool, elfHeader(Architecture.ARM64.elfMachine()));
    assertThat(build().listing().entry("bin/tool").orElseThrow().executable()).isTrue();
    // A non-executable ELF (data for another tool) is left alone.
    Files.write(bin.resolve("lib.so"), elfHeader(Architecture.X86_64.elfMachine()));
    assertThat(build().listing().entry("bin/lib.so")).isPresent();
  }

  @Test
  void crlfIsRefusedWithFileAndLine() throws Exception {
    Files.writeString(src.resolve("handler.sh"), "#!/bin/bash\nrun() {\r\n  echo hi\r\n}\r\n");
    assertThatThrownBy(this::build).isInstanceOf(LineEndingException.class)
        .hasMessageContaining(src.resolve("handler.sh") + " line 2 ends with CRLF")
        .hasMessageContaining("3 lines")
        .satisfies(e -> assertThat(((LineEndingException) e).line()).isEqualTo(2));
  }

  @Test
  void crlfInAShellBootstrapToo() throws Exception {
    Files.writeString(src.resolve("bootstrap"), "#!/bin/sh\r\nexec ./handler.sh\r\n");
    assertThatThrownBy(this::build).isInstanceOf(LineEndingException.class)
        .hasMessageContaining("bootstrap line 1");
  }

  @Test
  void bashSyntaxErrorIsRefused() throws Exception {
    Files.writeString(src.resolve("lib.sh"), "helper() {\n  if true; then echo x\n}\n");
    assertThatThrownBy(this::build).isInstanceOf(ShellSyntaxException.class)
        .hasMessageContaining("lib.sh").hasMessageContaining("line ").hasMessageContaining("syntax error");
  }

  @Test
  void syntaxCheckNeverRunsTheScript() throws Exception {
    Path marker = dir.resolve("ran");
    Files.writeString(src.resolve("handler.sh"), "touch " + marker + "\nrun() { :; }\n");
    build();
    assertThat(marker).doesNotExist();
  }

  @Test
  void missingHandlerFileFails() throws Exception {
    assertThatThrownBy(() -> build("main.run", false)).isInstanceOf(SourceTreeException.class)
        .hasMessageContaining("<handler> (-Dshell-lambda.handler)").hasMessageContaining("'main.run'")
        .hasMessageContaining(src.resolve("main.sh").toString()).hasMessageContaining("handler.sh");
  }

  @Test
  void missingFunctionOnlyWarns() throws Exception {
    build("handler.serve", false);
    assertThat(log.warnings).anyMatch(w -> w.contains("defines no function 'serve'"));
    log.warnings.clear();
    build("handler.run", false);
    assertThat(log.warnings).noneMatch(w -> w.contains("defines no function"));
  }

  @Test
  void handlerWithoutFunctionMustBeExecutable() throws Exception {
    Files.writeString(src.resolve("main"), "echo hi\n");
    assertThatThrownBy(() -> build("main", false)).hasMessageContaining("not executable");
    Files.setPosixFilePermissions(src.resolve("main"), PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(build("main", false).listing().entry("main").orElseThrow().executable()).isTrue();
  }

  @Test
  void absolutePathsWarnWithFileAndLine() throws Exception {
    Files.writeString(src.resolve("handler.sh"),
        "run() {\n  # /opt/ in a comment is fine\n  /opt/bin/jq . < /tmp/x\n  cat /var/task/data.json\n}\n");
    build();
    assertThat(log.warnings).anyMatch(w -> w.contains("handler.sh line 3") && w.contains("'/opt/'"))
        .anyMatch(w -> w.contains("handler.sh line 4") && w.contains("$LAMBDA_TASK_ROOT"))
        .noneMatch(w -> w.contains("line 2"));
  }

  @Test
  void aFunctionNamedLikeAToolkitFunctionWarnsWithFileLineAndName() throws Exception {
    Files.writeString(src.resolve("handler.sh"),
        "lambda_log() { echo \"$*\" >&2; }\nrun() {\n  lambda_log INFO hi\n}\nfunction lambda_http {\n  :\n}\nmy_lambda_error() { :; }\n");
    build();
    assertThat(log.warnings)
        .anyMatch(w -> w.contains("handler.sh line 1 defines the function 'lambda_log'") && w.contains("toolkit"))
        .anyMatch(w -> w.contains("handler.sh line 5 defines the function 'lambda_http'"))
        .noneMatch(w -> w.contains("line 3") || w.contains("my_lambda_error") || w.contains("line 8"));
  }

  @Test
  void symlinkInsideIsStoredAsItsFile() throws Exception {
    Files.createDirectories(src.resolve("lib"));
    Files.writeString(src.resolve("lib/common.sh"), "x=1\n");
    Files.createSymbolicLink(src.resolve("common.sh"), Path.of("lib/common.sh"));
    BuiltZip z = build();
    ZipEntryInfo e = z.listing().entry("common.sh").orElseThrow();
    assertThat(e.symlink()).isFalse();
    assertThat(e.size()).isEqualTo(4);
  }

  @Test
  void symlinkOutsideIsRefused() throws Exception {
    Path outside = Files.writeString(dir.resolve("secrets.env"), "TOKEN=x\n");
    Files.createSymbolicLink(src.resolve("config.env"), outside);
    assertThatThrownBy(this::build).isInstanceOf(SourceTreeException.class)
        .hasMessageContaining("config.env is a symbolic link").hasMessageContaining("outside");
  }

  @Test
  void symlinkedFolderOutsideIsRefused() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("shared"));
    Files.writeString(outside.resolve("a.sh"), "x=1\n");
    Files.createSymbolicLink(src.resolve("shared"), outside);
    assertThatThrownBy(this::build).isInstanceOf(SourceTreeException.class)
        .hasMessageContaining("shared is a symbolic link");
  }

  @Test
  void symlinkLoopIsRefused() throws Exception {
    Files.createDirectories(src.resolve("a"));
    Files.createSymbolicLink(src.resolve("a/loop"), Path.of(".."));
    assertThatThrownBy(this::build).isInstanceOf(SourceTreeException.class).hasMessageContaining("loops");
  }

  @Test
  void emptyAndMissingSourceFolders() throws Exception {
    Files.delete(src.resolve("handler.sh"));
    assertThatThrownBy(this::build).isInstanceOf(SourceTreeException.class).hasMessageContaining("holds no files");
    Files.delete(src);
    assertThatThrownBy(this::build).isInstanceOf(SourceTreeException.class)
        .hasMessageContaining("<sourceDirectory>").hasMessageContaining("not a folder");
  }

  @Test
  void scmAndEditorFilesAreLeftOut() throws Exception {
    Files.createDirectories(src.resolve(".git"));
    Files.writeString(src.resolve(".git/config"), "x");
    Files.writeString(src.resolve("handler.sh~"), "backup");
    Files.writeString(src.resolve(".DS_Store"), "x");
    assertThat(build().listing().entries()).extracting(ZipEntryInfo::name).containsExactly("handler.sh");
  }

  @Test
  void limitsNameTheNumbers() {
    Path zip = dir.resolve("fn.zip");
    assertThatThrownBy(() -> LambdaLimits.checkZipped(zip, LambdaLimits.MAX_ZIPPED_BYTES + 1))
        .isInstanceOf(LambdaLimitException.class).hasMessageContaining("50 MB (52428800 bytes)")
        .hasMessageContaining("50.0 MB (52428801 bytes)");
    assertThatThrownBy(() -> LambdaLimits.checkUnzipped(Map.of(zip, 200L << 20, dir.resolve("jq.zip"), 60L << 20)))
        .isInstanceOf(LambdaLimitException.class).hasMessageContaining("260.0 MB")
        .hasMessageContaining("250 MB (262144000 bytes)").hasMessageContaining("jq.zip 60.0 MB");
    org.assertj.core.api.Assertions.assertThatCode(() -> {
      LambdaLimits.checkZipped(zip, LambdaLimits.MAX_ZIPPED_BYTES);
      LambdaLimits.checkUnzipped(Map.of(zip, LambdaLimits.MAX_UNZIPPED_BYTES));
    }).doesNotThrowAnyException();
  }

  @Test
  void unzippedLimitIsCheckedOnTheRealZip() throws Exception {
    // 251 MB of zeros in a sparse file: refused from the file sizes, before compressing.
    Path big = src.resolve("zeros.bin");
    try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(251L << 20); // sparse: no disk space used
    }
    assertThatThrownBy(this::build).isInstanceOf(LambdaLimitException.class).hasMessageContaining("251.0 MB");
    assertThat(dir.resolve("target/fn.zip")).as("fails before compressing").doesNotExist();
  }

  /** Fault 17: a file name with a newline was packed without a word. */
  @Test
  void namesWithControlCharactersAreRefusedShownEscaped() throws Exception {
    Files.writeString(src.resolve("evil\nname.sh"), "run() { :; }\n");
    assertThatThrownBy(this::build).isInstanceOf(SourceTreeException.class)
        .hasMessageContaining("The file name \"" + src + "/evil\\nname.sh\" holds a newline (\\n) (shown escaped)")
        .hasMessageContaining("mv $'" + src + "/evil\\nname.sh' <new name>")
        .hasMessageNotContaining("evil\nname");
    assertThat(dir.resolve("target/fn.zip")).doesNotExist();
    Files.delete(src.resolve("evil\nname.sh"));

    Files.createDirectories(src.resolve("lib\u001b[31m"));
    Files.writeString(src.resolve("lib\u001b[31m/x.sh"), "x() { :; }\n");
    assertThatThrownBy(this::build).isInstanceOf(SourceTreeException.class)
        .hasMessageContaining("The folder name \"" + src + "/lib\\x1b[31m\" holds the control character \\x1b")
        .hasMessageNotContaining("\u001b");
    Files.delete(src.resolve("lib\u001b[31m/x.sh"));
    Files.delete(src.resolve("lib\u001b[31m"));

    Files.writeString(src.resolve("a\tb.json"), "{}");
    Files.writeString(src.resolve("c\\d.json"), "{}");
    assertThatThrownBy(this::build).isInstanceOf(SourceTreeException.class)
        .hasMessageContaining("a\\tb.json\" holds a tab (\\t)")
        .hasMessageContaining("c\\\\d.json\" holds a backslash");
  }

  /** Fault 17: a CR-only handler built, and failed only at init (bash saw one long comment line). */
  @Test
  void loneCarriageReturnsAreRefusedLikeCrlf() throws Exception {
    Files.writeString(src.resolve("handler.sh"), "#!/bin/bash\rrun() {\r  echo hi\r}\r");
    assertThatThrownBy(this::build).isInstanceOf(LineEndingException.class)
        .hasMessageContaining(src.resolve("handler.sh") + " line 1 ends with a carriage return (CR) alone:"
            + " classic Mac OS line endings (4 lone CRs in all)")
        .hasMessageContaining("mac2unix handler.sh")
        .satisfies(e -> assertThat(((LineEndingException) e).line()).isEqualTo(1));
    assertThat(dir.resolve("target/fn.zip")).doesNotExist();

    // One stray CR in an LF file: the line an editor shows it on.
    Files.writeString(src.resolve("handler.sh"), "#!/bin/bash\nrun() {\n  echo hi\r}\n");
    assertThatThrownBy(this::build).isInstanceOf(LineEndingException.class)
        .hasMessageContaining("handler.sh line 3 ends with a carriage return (CR) alone")
        .hasMessageContaining("(1 lone CR in all)");

    // CRLF keeps its own message.
    Files.writeString(src.resolve("handler.sh"), "#!/bin/bash\r\nrun() { :; }\r\n");
    assertThatThrownBy(this::build).hasMessageContaining("handler.sh line 1 ends with CRLF");
  }

  /** Fault 17: a zip refused as too large (57 MB > 50 MB) was left in target/. */
  @Test
  void aZipRefusedAfterWritingIsRemoved() throws Exception {
    BuiltZip first = build();
    assertThat(first.path()).exists();
    byte[] noise = new byte[(int) LambdaLimits.MAX_ZIPPED_BYTES + (1 << 20)];
    new java.util.Random(17).nextBytes(noise); // incompressible: the zip ends up over 50 MB
    Files.write(src.resolve("noise.bin"), noise);
    noise = null;
    assertThatThrownBy(this::build).isInstanceOf(LambdaLimitException.class)
        .hasMessageContaining(dir.resolve("target/fn.zip") + " is 51.0 MB")
        .hasMessageContaining("over Lambda's 50 MB");
    assertThat(dir.resolve("target/fn.zip")).as("the refused zip").doesNotExist();
    try (var left = Files.list(dir.resolve("target"))) {
      assertThat(left).as("no partial or temporary zip").isEmpty();
    }
    assertThat(log.infos).contains("Removed " + dir.resolve("target/fn.zip") + ": it was refused (below)");
  }
}
