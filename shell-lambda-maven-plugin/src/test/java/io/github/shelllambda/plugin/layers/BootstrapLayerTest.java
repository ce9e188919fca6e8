package io.github.shelllambda.plugin.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.shelllambda.plugin.packaging.BuiltZip;
import io.github.shelllambda.runtime.function.Architecture;
import io.github.shelllambda.runtime.elf.ElfInfo;
import io.github.shelllambda.runtime.zip.ZipExtractor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

class BootstrapLayerTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Architecture.class)
  void bootstrapAtTheRootExecutableStaticOfTheArchitecture(Architecture arch) throws Exception {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    BuiltZip z = BootstrapLayer.build(arch, dir.resolve(BootstrapLayer.fileName(arch)), t);
    assertThat(z.path().getFileName().toString()).isEqualTo("shell-lambda-bootstrap-" + arch.lambdaName() + ".zip");
    assertThat(z.listing().entries()).extracting(e -> e.name() + " " + e.modeString())
        .containsExactly("bootstrap -rwxr-xr-x");
    Path opt = dir.resolve("opt-" + arch);
    ZipExtractor.extract(z.path(), opt);
    ElfInfo elf = ElfInfo.read(opt.resolve("bootstrap"));
    assertThat(elf.architecture()).contains(arch);
    assertThat(elf.hasInterpreter()).isFalse();
    BuiltZip again = BootstrapLayer.build(arch, dir.resolve("again.zip"), t);
    assertThat(Files.readAllBytes(again.path())).isEqualTo(Files.readAllBytes(z.path()));
  }
}
