package io.github.shelllambda.plugin.deploy;

import io.github.shelllambda.plugin.deploy.DeployPlan.Change;
import io.github.shelllambda.plugin.deploy.DeployPlan.Kind;
import io.github.shelllambda.plugin.deploy.DeployPlan.Step;
import io.github.shelllambda.plugin.deploy.DeployedState.DeployedCode;
import io.github.shelllambda.plugin.deploy.DeployedState.LayerVersion;
import io.github.shelllambda.plugin.deploy.DeployedState.PublishedVersion;
import io.github.shelllambda.plugin.deploy.DeployedState.UrlStatement;
import io.github.shelllambda.runtime.function.ConfigurationProblem.Field;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes a {@link DeployPlan} from what was built and what is deployed, writing nothing: the
 * same inputs give the same plan, so a dry run shows exactly what a deploy would do.
 *
 * <p>Rules: a layer is published only when its zip's CodeSha256 differs from its newest version's;
 * the configuration is updated only when a field differs, the code only when the CodeSha256 does;
 * a version is published only when the newest one differs from what was built; the alias moves
 * last (with a canary, the version it served stays primary and the new one gets the canary's
 * share); the URL and its two public statements go on the alias, never on the function.
 */
public final class DeployPlanner {
  private DeployPlanner() {}

  public static DeployPlan plan(DesiredState want, DeployedState have) throws MissingRoleException {
    List<Change> changes = new ArrayList<>();
    List<Step> steps = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    String name = want.configuration().functionName();

    // Layers: reuse the newest version when its content is the zip's.
    List<String> layerArns = new ArrayList<>();
    boolean newLayer = false;
    for (LayerArtifact layer : want.ownLayers()) {
      LayerVersion latest = have.latestLayers().get(layer.layerName());
      if (latest != null && latest.codeSha256().equals(layer.codeSha256())) {
        layerArns.add(latest.layerVersionArn());
      } else {
        newLayer = true;
        layerArns.add(layer.layerName() + ":" + DeployPlan.NEW_VERSION);
        steps.add(new Step(Kind.PUBLISH_LAYER_VERSION, layer.layerName()));
        changes.add(new Change("layer " + layer.layerName(),
            latest == null ? "-" : "version " + latest.version() + " (" + latest.codeSha256() + ")",
            "new version (" + layer.codeSha256() + ")"));
      }
    }
    layerArns.addAll(want.configuration().layers());

    Optional<DeployedCode> fn = have.function();
    boolean needVersion;
    if (fn.isEmpty()) {
      if (want.configuration().role() == null) {
        throw new MissingRoleException(name);
      }
      steps.add(new Step(Kind.CREATE_FUNCTION, name));
      changes.add(new Change("function", "-", name + " (" + want.codeSha256() + ")"));
      needVersion = true;
    } else {
      DeployedCode d = fn.get();
      FunctionConfiguration deployed = d.configuration();
      // A role not given keeps the deployed one; our own layers compare by content, above.
      FunctionConfiguration wanted = want.configuration().toBuilder()
          .role(want.configuration().role() != null ? want.configuration().role() : deployed.role())
          .layers(newLayer ? deployed.layers() : layerArns)
          .build();
      List<Field> diff = new ArrayList<>(wanted.differences(deployed));
      boolean layersDiffer = newLayer || !layerArns.equals(deployed.layers());
      diff.remove(Field.LAYERS);
      for (Field f : diff) {
        if (f == Field.ENVIRONMENT && deployed.environment().keySet().equals(wanted.environment().keySet())) {
          List<String> changed = new ArrayList<>();
          wanted.environment().forEach((k, v) -> {
            if (!v.equals(deployed.environment().get(k))) {
              changed.add(k);
            }
          });
          changes.add(new Change(f.apiName(), "values of " + changed, "new values (not shown)"));
        } else {
          changes.add(new Change(f.apiName(), describe(deployed, f), describe(wanted, f)));
        }
      }
      if (layersDiffer) {
        changes.add(new Change(Field.LAYERS.apiName(), String.join(", ", deployed.layers()), String.join(", ", layerArns)));
      }
      boolean configChanged = !diff.isEmpty() || layersDiffer;
      boolean codeChanged = !d.codeSha256().equals(want.codeSha256());
      if (configChanged) {
        steps.add(new Step(Kind.UPDATE_FUNCTION_CONFIGURATION, name));
      }
      if (codeChanged) {
        steps.add(new Step(Kind.UPDATE_FUNCTION_CODE, name));
        changes.add(new Change("CodeSha256", d.codeSha256(), want.codeSha256()));
      }
      Optional<PublishedVersion> latest = have.latestVersion();
      needVersion = configChanged || codeChanged || latest.isEmpty()
          || !latest.get().codeSha256().equals(want.codeSha256())
          || !sameForVersion(latest.get().configuration(), deployed);
    }
    String version = needVersion ? DeployPlan.NEW_VERSION : have.latestVersion().orElseThrow().version();
    if (needVersion) {
      steps.add(new Step(Kind.PUBLISH_VERSION, name));
    }

    // The alias: last of the traffic-moving writes.
    Optional<AliasState> before = have.alias();
    AliasState after;
    if (before.isEmpty()) {
      after = new AliasState(want.alias(), version, Optional.empty(), 0, Optional.empty());
      steps.add(new Step(Kind.CREATE_ALIAS, want.alias()));
      changes.add(new Change("alias " + want.alias(), "-", version));
      if (want.canaryPercent() > 0) {
        notes.add("the alias " + want.alias() + " does not exist yet: it starts with all traffic on version " + version
            + " (a canary splits traffic between the version an alias serves and a new one)");
      }
    } else {
      AliasState a = before.get();
      if (want.canaryPercent() > 0 && !version.equals(a.primaryVersion())) {
        after = new AliasState(a.name(), a.primaryVersion(), Optional.of(version),
            AliasState.weightOf(want.canaryPercent()), a.previousVersion());
      } else if (version.equals(a.primaryVersion())) {
        after = new AliasState(a.name(), a.primaryVersion(), Optional.empty(), 0, a.previousVersion());
      } else {
        after = new AliasState(a.name(), version, Optional.empty(), 0, Optional.of(a.primaryVersion()));
      }
      boolean same = after.primaryVersion().equals(a.primaryVersion())
          && after.canaryVersion().equals(a.canaryVersion())
          && (after.canaryVersion().isEmpty() || Math.abs(after.canaryWeight() - a.canaryWeight()) < 1e-9);
      if (!same) {
        steps.add(new Step(Kind.UPDATE_ALIAS, want.alias()));
        changes.add(new Change("alias " + want.alias(), a.routing(), after.routing()));
      }
    }

    // The Function URL on the alias, with both statements when public.
    if (want.url().isPresent()) {
      FunctionUrlSettings u = want.url().get();
      if (have.url().isEmpty()) {
        steps.add(new Step(Kind.CREATE_FUNCTION_URL_CONFIG, want.alias()));
        changes.add(new Change("Function URL", "-", u.authType() + ", " + u.invokeMode()));
      } else if (!have.url().get().equals(u)) {
        steps.add(new Step(Kind.UPDATE_FUNCTION_URL_CONFIG, want.alias()));
        changes.add(new Change("Function URL", summary(have.url().get()), summary(u)));
      }
      if (u.isPublic()) {
        EnumSet<UrlStatement> missing = EnumSet.allOf(UrlStatement.class);
        missing.removeAll(have.urlStatements());
        for (UrlStatement s : missing) {
          steps.add(new Step(Kind.ADD_PERMISSION, s.name()));
          changes.add(new Change("permission " + s.name(), "-", "on alias " + want.alias()));
        }
        notes.add("the Function URL's auth type is NONE: anyone who has the URL can invoke the function;"
            + " cap its cost with reserved concurrency and check a shared secret in the handler");
      }
    }

    // Reserved concurrency: set, changed or removed as configured.
    if (want.reservedConcurrency().isPresent()) {
      if (!want.reservedConcurrency().equals(have.reservedConcurrency())) {
        steps.add(new Step(Kind.PUT_FUNCTION_CONCURRENCY, name));
        changes.add(new Change("ReservedConcurrentExecutions",
            have.reservedConcurrency().isPresent() ? Integer.toString(have.reservedConcurrency().getAsInt()) : "-",
            Integer.toString(want.reservedConcurrency().getAsInt())));
      }
    }

    // Tags: add or update ours, keep others'.
    for (Map.Entry<String, String> t : want.tags().entrySet()) {
      String old = have.tags().get(t.getKey());
      if (!Objects.equals(old, t.getValue())) {
        if (!steps.contains(new Step(Kind.TAG_RESOURCE, name)) && fn.isPresent()) {
          steps.add(new Step(Kind.TAG_RESOURCE, name));
        }
        changes.add(new Change("tag " + t.getKey(), old == null ? "-" : old, t.getValue()));
      }
    }
    return new DeployPlan(changes, steps, version, Optional.of(after), notes);
  }

  /** Everything a version freezes, compared without the fields a version cannot differ in. */
  private static boolean sameForVersion(FunctionConfiguration version, FunctionConfiguration latest) {
    return version.differences(latest).isEmpty();
  }

  private static String describe(FunctionConfiguration c, Field f) {
    return switch (f) {
      case FUNCTION_NAME -> c.functionName();
      case RUNTIME -> c.runtime();
      case HANDLER -> c.handler();
      case ARCHITECTURE -> c.architecture().lambdaName();
      case MEMORY_SIZE -> c.memorySizeMb() + " MB";
      case TIMEOUT -> c.timeoutSeconds() + " s";
      case EPHEMERAL_STORAGE -> c.ephemeralStorageMb() + " MB";
      // names only: values may be secrets
      case ENVIRONMENT -> c.environment().keySet().toString();
      case LAYERS -> String.join(", ", c.layers());
      case DESCRIPTION -> c.description();
      case ROLE -> String.valueOf(c.role());
      case LOGGING -> c.logging().logFormat() + Optional.ofNullable(c.logging().applicationLogLevel()).map(l -> " " + l).orElse("");
    };
  }

  private static String summary(FunctionUrlSettings u) {
    return u.authType() + ", " + u.invokeMode() + (u.cors().allowOrigins().isEmpty() ? "" : ", CORS " + u.cors().allowOrigins());
  }
}
