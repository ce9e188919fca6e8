package io.github.shelllambda.runtime.zip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipLayoutTest {

  @TempDir Path dir;

  @Test
  void handlerNamesItsFile() {
    assertThat(ZipLayout.handlerFileCandidates("handler.run")).containsExactly("handler.sh", "handler");
    assertThat(ZipLayout.handlerFileCandidates("api/users.get")).containsExactly("api/users.sh", "api/users");
    assertThat(ZipLayout.handlerFileCandidates("handler.sh.run")).containsExactly("handler.sh");
    assertThat(ZipLayout.handlerFileCandidates("main")).containsExactly("main");
    assertThat(ZipLayout.handlerFileCandidates("v1.2/main")).containsExactly("v1.2/main");
    assertThat(ZipLayout.handlerFunction("handler.run")).contains("run");
    assertThat(ZipLayout.handlerFunction("main")).isEmpty();
  }

  @Test
  void functionZipWithHandlerAtRootPasses() throws Exception {
    Path zip = TestZips.create().file("handler.sh", 0755, "run() { :; }").write(dir.resolve("ok.zip"));
    assertThat(ZipLayout.checkFunctionZip(ZipInspector.read(zip), "handler.run")).isEqualTo("handler.sh");
  }

  @Test
  void functionZipWithParentFolderIsExplained() throws Exception {
    Path zip = TestZips.create().dir("my-fn/").file("my-fn/handler.sh", 0755, "run() { :; }")
        .write(dir.resolve("nested.zip"));
    assertThatThrownBy(() -> ZipLayout.checkFunctionZip(ZipInspector.read(zip), "handler.run"))
        .isInstanceOf(ZipLayoutException.class)
        .hasMessageContaining("'handler.sh', which is not in the zip")
        .hasMessageContaining("It is at 'my-fn/handler.sh'")
        .hasMessageContaining("parent folder");
  }

  @Test
  void layerWithOptFolderWouldLandInOptOpt() throws Exception {
    Path zip = TestZips.create().dir("opt/").dir("opt/bin/").file("opt/bin/jq", 0755, "x").write(dir.resolve("l.zip"));
    assertThatThrownBy(() -> ZipLayout.checkLayerZip(ZipInspector.read(zip)))
        .isInstanceOf(ZipLayoutException.class).hasMessageContaining("/opt/opt");
  }

  @Test
  void bootstrapMustBeExecutable() throws Exception {
    Path zip = TestZips.create().file("bootstrap", 0644, "x").write(dir.resolve("b.zip"));
    assertThatThrownBy(() -> ZipLayout.checkBootstrapLayer(ZipInspector.read(zip)))
        .isInstanceOf(ZipLayoutException.class).hasMessageContaining("-rw-r--r--")
        .hasMessageContaining("Runtime.InvalidEntrypoint");
    Path fn = TestZips.create().file("bootstrap", 0600, "x").file("handler.sh", 0755, "").write(dir.resolve("f.zip"));
    assertThatThrownBy(() -> ZipLayout.checkFunctionZip(ZipInspector.read(fn), "handler.run"))
        .isInstanceOf(ZipLayoutException.class).hasMessageContaining("not executable");
  }

  @Test
  void bootstrapLayerWithParentFolder() throws Exception {
    Path zip = TestZips.create().dir("layer/").file("layer/bootstrap", 0755, "x").write(dir.resolve("p.zip"));
    assertThatThrownBy(() -> ZipLayout.checkBootstrapLayer(ZipInspector.read(zip)))
        .isInstanceOf(ZipLayoutException.class)
        .hasMessageContaining("Couldn't find valid bootstrap(s)")
        .hasMessageContaining("'layer/bootstrap'");
  }

  @Test
  void emptyZipsAreRefused() throws Exception {
    Path zip = TestZips.create().dir("x/").write(dir.resolve("e.zip"));
    assertThatThrownBy(() -> ZipLayout.checkLayerZip(ZipInspector.read(zip))).hasMessageContaining("no files");
    assertThatThrownBy(() -> ZipLayout.checkFunctionZip(ZipInspector.read(zip), "handler.run"))
        .hasMessageContaining("no files");
  }
}
