package io.github.shelllambda.plugin.deploy;

import java.util.List;
import java.util.Optional;

/**
 * What a deploy will write, computed before anything is written: the differing fields (for the
 * plan table and {@code target/shell-lambda-plan.json}) and the ordered steps. The alias always
 * comes after the version and before the URL, so a failure anywhere earlier leaves live traffic
 * where it was.
 *
 * @param changes one row per differing field
 * @param steps the writes, in order; empty when everything is up to date
 * @param version the version the alias will serve: an existing number, or {@link #NEW_VERSION}
 * @param aliasAfter the alias's routing after the deploy
 * @param notes things the user should know (a canary that cannot apply, a public URL)
 */
public record DeployPlan(
    List<Change> changes, List<Step> steps, String version, Optional<AliasState> aliasAfter, List<String> notes) {

  /** Stands for the version PublishVersion will create. */
  public static final String NEW_VERSION = "(new)";

  public DeployPlan {
    changes = List.copyOf(changes);
    steps = List.copyOf(steps);
    notes = List.copyOf(notes);
  }

  /** A field that differs: its deployed and its new value, as printed. */
  public record Change(String field, String deployed, String wanted) {}

  /** One write of the deploy. */
  public record Step(Kind kind, String target) {}

  /** The kinds of write, in the order a deploy makes them. */
  public enum Kind {
    PUBLISH_LAYER_VERSION,
    CREATE_FUNCTION,
    UPDATE_FUNCTION_CONFIGURATION,
    UPDATE_FUNCTION_CODE,
    PUBLISH_VERSION,
    CREATE_ALIAS,
    UPDATE_ALIAS,
    CREATE_FUNCTION_URL_CONFIG,
    UPDATE_FUNCTION_URL_CONFIG,
    ADD_PERMISSION,
    PUT_FUNCTION_CONCURRENCY,
    DELETE_FUNCTION_CONCURRENCY,
    TAG_RESOURCE
  }

  /** False when the service already holds what was built: the deploy writes nothing. */
  public boolean changed() {
    return !steps.isEmpty();
  }

  /** True when a step of this kind is planned. */
  public boolean has(Kind kind) {
    return steps.stream().anyMatch(s -> s.kind() == kind);
  }
}
