package io.github.shelllambda.plugin.localrun;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.shelllambda.plugin.failure.UserMistakeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code secretsFile}: a JSON object of the names {@code lambda_secret} asks for ({@code
 * NAME} for a Secrets Manager secret, {@code ssm:NAME} for an SSM parameter) to fake string values,
 * which the local goals serve on loopback. No error shows a value, nor where in the file one is
 * (a parser's location excerpt could quote it): a message names the file and, at most, a name.
 */
public final class SecretsFile {
  /** Bounds what a wrong path can cost. */
  public static final long MAX_BYTES = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.ALLOW_COMMENTS);

  private SecretsFile() {}

  /** A file the user must fix; the message names the file, never a value. */
  public static final class SecretsFileException extends UserMistakeException {
    public SecretsFileException(String message) {
      super(message);
    }
  }

  public static Map<String, String> read(Path file) throws SecretsFileException {
    String example = "; write it as a JSON object of names to values, e.g. "
        + "{\"db-password\": \"local-pw\", \"ssm:/app/api-key\": \"local-key\"}";
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new SecretsFileException("secretsFile " + file + " is over " + MAX_BYTES + " bytes" + example);
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new SecretsFileException("secretsFile " + file + " does not exist" + example);
    } catch (IOException e) {
      throw new SecretsFileException("secretsFile " + file + " cannot be read: " + e.getClass().getSimpleName());
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      // the parser's message quotes the text around the mistake: it may be a value
      throw new SecretsFileException("secretsFile " + file + " is not valid JSON (line "
          + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + "; the text is not shown: it may hold a"
          + " secret)" + example);
    } catch (IOException e) {
      throw new SecretsFileException("secretsFile " + file + " cannot be read: " + e.getClass().getSimpleName());
    }
    if (root == null || !root.isObject()) {
      throw new SecretsFileException("secretsFile " + file + " holds a JSON "
          + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(Locale.ROOT)) + example);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().isEmpty() || e.getKey().equals("ssm:")) {
        throw new SecretsFileException("secretsFile " + file + " has an empty name; give the name lambda_secret"
            + " asks for (ssm:NAME for an SSM parameter)");
      }
      if (!e.getValue().isTextual()) {
        throw new SecretsFileException("secretsFile " + file + ": the value of '" + e.getKey() + "' is a JSON "
            + e.getValue().getNodeType().toString().toLowerCase(Locale.ROOT)
            + ", but it must be a string (the value is not shown)");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }
}
