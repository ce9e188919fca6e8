package io.github.shelllambda.plugin.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * What a deploy left on the service; written as {@code target/shell-lambda-deploy.json}.
 *
 * @param routing e.g. {@code 3} or {@code 3 (90%) + 4 (10%)}
 * @param layers the layer version ARNs the function uses, in order
 * @param changed false when nothing was written
 * @param writeCalls the number of write calls made
 */
public record DeployResult(
    String functionArn, String version, String alias, AliasState aliasState, String routing,
    Optional<String> functionUrl, String codeSha256, List<String> layers, boolean changed, int writeCalls,
    List<String> writes) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Writes the JSON atomically (temp file, then rename). */
  public void writeTo(Path file) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("functionArn", functionArn);
    o.put("version", version);
    o.put("alias", alias);
    ObjectNode r = o.putObject("routing");
    r.put("primaryVersion", aliasState.primaryVersion());
    aliasState.canaryVersion().ifPresent(c -> {
      r.put("canaryVersion", c);
      r.put("canaryWeight", aliasState.canaryWeight());
    });
    r.put("summary", routing);
    if (functionUrl.isPresent()) {
      o.put("functionUrl", functionUrl.get());
    } else {
      o.putNull("functionUrl");
    }
    o.put("codeSha256", codeSha256);
    ArrayNode l = o.putArray("layers");
    layers.forEach(l::add);
    o.put("changed", changed);
    o.put("writeCalls", writeCalls);
    ArrayNode w = o.putArray("writes");
    writes.forEach(w::add);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, JSON.writeValueAsBytes(o));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
