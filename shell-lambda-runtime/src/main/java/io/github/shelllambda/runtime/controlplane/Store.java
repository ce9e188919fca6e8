package io.github.shelllambda.runtime.controlplane;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.shelllambda.runtime.function.FunctionConfiguration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the plane stores, in Lambda's terms. Mutable containers ({@link Function}, {@link Layer})
 * are guarded by the plane's lock; the records in them are immutable and replaced on change.
 */
final class Store {
  private Store() {}

  /** A zip kept in the code store: its CodeSha256 (base64) names it; sizes as Lambda reports them. */
  record Code(String sha256, long size, long unzippedSize) {}

  /** A layer version as a function resolved it when configured: kept even if the layer version is deleted later. */
  record ResolvedLayer(String arn, Code code) {}

  /**
   * {@code $LATEST} or a published version: configuration + code + resolved layers, with Lambda's
   * state fields.
   *
   * @param version {@code $LATEST} or the version number
   * @param state Pending, Active, Inactive or Failed
   * @param lastUpdateStatus InProgress, Successful or Failed
   */
  record Version(
      String version,
      FunctionConfiguration config,
      Code code,
      List<ResolvedLayer> layers,
      String lastModified,
      String revisionId,
      String state,
      String lastUpdateStatus) {
    Version {
      layers = List.copyOf(layers);
    }

    boolean inProgress() {
      return "Pending".equals(state) || "InProgress".equals(lastUpdateStatus);
    }

    Version with(FunctionConfiguration c, Code newCode, List<ResolvedLayer> l, String modified, String revision,
        String st, String status) {
      return new Version(version, c, newCode, l, modified, revision, st, status);
    }

    Version settled(String revision) {
      return new Version(version, config, code, layers, lastModified, revision, "Active", "Successful");
    }
  }

  /** An alias: a primary version and at most one extra version with its weight. */
  record Alias(String name, String functionVersion, String description, Map<String, Double> weights, String revisionId) {
    Alias {
      weights = Map.copyOf(weights);
    }
  }

  /** A function: $LATEST, its published versions (numbers never reused), aliases and tags. */
  static final class Function {
    final String name;
    Version latest;
    /**
     * What an invocation of $LATEST runs: the last settled $LATEST. While an update is InProgress,
     * Lambda still runs the code and configuration from before it.
     */
    Version serving;
    final TreeMap<Integer, Version> versions = new TreeMap<>();
    int lastVersionNumber;
    /** $LATEST's description when the newest version was published (PublishVersion may give the version another). */
    String publishedFromDescription;
    final TreeMap<String, Alias> aliases = new TreeMap<>();
    final Map<String, String> tags = new LinkedHashMap<>();
    /** PutFunctionConcurrency's value: at most this many invocations at once over all versions; null: none. */
    Integer reservedConcurrency;
    /** Invocations running now (not persisted). */
    int inFlight;
    /** Function URL configs by qualifier ("" for the unqualified function, else an alias name). */
    final TreeMap<String, UrlConfig> urls = new TreeMap<>();
    /** Resource-based policies by qualifier ("" for the unqualified function): statement id -> statement. */
    final TreeMap<String, Policy> policies = new TreeMap<>();

    Function(String name) {
      this.name = name;
    }
  }

  /**
   * A Function URL config.
   *
   * @param urlId the URL's host label, 32 lower-case letters and digits as on Lambda
   * @param qualifier an alias name, or "" for the unqualified function
   * @param cors Lambda's Cors shape as given (validated), or null
   */
  record UrlConfig(String urlId, String qualifier, String authType, ObjectNode cors, String invokeMode,
      String creationTime, String lastModifiedTime) {}

  /** A resource-based policy: its statements in the order added (each as Lambda writes it), and a RevisionId. */
  record Policy(Map<String, ObjectNode> statements, String revisionId) {
    Policy {
      statements = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(statements));
    }
  }

  /** A published layer version. */
  record LayerVersion(
      String name,
      int version,
      String description,
      List<String> compatibleRuntimes,
      List<String> compatibleArchitectures,
      String licenseInfo,
      Code code,
      String createdDate) {
    LayerVersion {
      compatibleRuntimes = List.copyOf(compatibleRuntimes);
      compatibleArchitectures = List.copyOf(compatibleArchitectures);
    }
  }

  /** A layer: its versions (numbers never reused, as on Lambda). */
  static final class Layer {
    final String name;
    int lastVersion;
    final TreeMap<Integer, LayerVersion> versions = new TreeMap<>();

    Layer(String name) {
      this.name = name;
    }
  }
}
