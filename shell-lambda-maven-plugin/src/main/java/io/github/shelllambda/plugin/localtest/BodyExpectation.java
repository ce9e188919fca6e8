package io.github.shelllambda.plugin.localtest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a response body must be: nothing in particular, JSON (subset or exact match), or raw
 * bytes (for non-JSON responses).
 */
public sealed interface BodyExpectation {

  /** No expectation on the body. */
  record Any() implements BodyExpectation {}

  /** JSON, compared structurally: key order never matters, numbers compare by value. */
  record Json(JsonNode expected, MatchMode mode) implements BodyExpectation {}

  /** Byte-for-byte equality. */
  record Raw(byte[] expected) implements BodyExpectation {}

  static BodyExpectation any() {
    return new Any();
  }
}
