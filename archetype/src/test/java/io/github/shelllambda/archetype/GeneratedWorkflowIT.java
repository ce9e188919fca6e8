package io.github.shelllambda.archetype;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GitHub Actions workflow of the project the archetype generated (by archetype:integration-test,
 * earlier in this phase), parsed as YAML: verify on every push, a 10% canary deploy on main with
 * OIDC credentials, and a promote job behind a manual approval.
 */
class GeneratedWorkflowIT {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode workflow() throws Exception {
    Path file = Path.of(System.getProperty("generated.projects"), "default/project/github-traffic/.github/workflows/deploy.yml");
    assertThat(file).as("the generated project's workflow").isRegularFile();
    return YAML.readTree(Files.readString(file));
  }

  private static List<String> runs(JsonNode job) {
    List<String> runs = new ArrayList<>();
    job.path("steps").forEach(s -> runs.add(s.path("run").asText("")));
    return runs;
  }

  @Test
  void verifiesOnEveryPushAndDeploysACanaryFromMainWithOidc() throws Exception {
    JsonNode w = workflow();
    assertThat(w.path("on").path("push").path("branches").toString()).contains("main");
    JsonNode jobs = w.path("jobs");
    assertThat(runs(jobs.path("verify"))).anyMatch(r -> r.startsWith("mvn -B verify"));

    JsonNode canary = jobs.path("canary");
    assertThat(canary.path("needs").asText()).isEqualTo("verify");
    assertThat(canary.path("if").asText()).contains("refs/heads/main");
    assertThat(canary.path("permissions").path("id-token").asText()).isEqualTo("write");
    assertThat(canary.path("steps").findValuesAsText("uses")).anyMatch(u -> u.startsWith("aws-actions/configure-aws-credentials@"));
    assertThat(canary.path("steps").findValue("role-to-assume").asText()).isEqualTo("${{ vars.AWS_ROLE_TO_ASSUME }}");
    assertThat(runs(canary)).contains("mvn -B package shell-lambda:deploy -Dshell-lambda.canary=10");
  }

  @Test
  void promoteWaitsForAManualApproval() throws Exception {
    JsonNode promote = workflow().path("jobs").path("promote");
    assertThat(promote.path("needs").asText()).isEqualTo("canary");
    assertThat(promote.path("environment").asText()).as("a protected environment asks for approval").isEqualTo("production");
    assertThat(runs(promote)).contains("mvn -B shell-lambda:promote");
  }
}
