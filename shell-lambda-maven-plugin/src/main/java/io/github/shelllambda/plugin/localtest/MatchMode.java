package io.github.shelllambda.plugin.localtest;

/**
 * How expected JSON is compared with the actual response.
 *
 * <p>{@link #SUBSET} is the default: every key the case names must be there with a matching
 * value, extra keys are fine. It is the default because jq and gojq order object keys
 * differently, and because a case should say what it cares about.
 */
public enum MatchMode {
  /** Expected objects are a subset of the actual ones, recursively; arrays match element-wise. */
  SUBSET,
  /** Structurally equal: same keys, same values, same array lengths (key order still ignored). */
  EXACT;

  public String caseValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
