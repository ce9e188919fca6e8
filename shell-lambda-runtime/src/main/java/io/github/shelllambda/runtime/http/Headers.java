package io.github.shelllambda.runtime.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** HTTP header fields in arrival order; names compare case-insensitively, repeated fields are kept. */
public final class Headers {
  private final List<Map.Entry<String, String>> fields = new ArrayList<>();

  public Headers add(String name, String value) {
    fields.add(Map.entry(name, value));
    return this;
  }

  /** Replaces every field of that name by one. */
  public Headers set(String name, String value) {
    fields.removeIf(e -> e.getKey().equalsIgnoreCase(name));
    return add(name, value);
  }

  public Optional<String> first(String name) {
    for (Map.Entry<String, String> e : fields) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  public List<String> all(String name) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : fields) {
      if (e.getKey().equalsIgnoreCase(name)) {
        out.add(e.getValue());
      }
    }
    return out;
  }

  public boolean has(String name) {
    return first(name).isPresent();
  }

  public List<Map.Entry<String, String>> fields() {
    return Collections.unmodifiableList(fields);
  }
}
