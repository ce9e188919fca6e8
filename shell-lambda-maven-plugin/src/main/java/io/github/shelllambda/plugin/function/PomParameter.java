package io.github.shelllambda.plugin.function;

import java.util.Objects;

/**
 * How a user sets a value: a POM element and, when there is one, its {@code -D} user property.
 * Messages name settings only through this (the Mojos build them from {@code
 * ShellLambdaProperties}), so core code never spells a POM element or property itself.
 *
 * @param element the element's name without brackets: {@code memorySize}
 * @param property the user property, e.g. {@code shell-lambda.memorySize}, or null when the
 *     parameter has none (a map such as {@code environment})
 */
public record PomParameter(String element, String property) {

  public PomParameter {
    Objects.requireNonNull(element, "element");
  }

  /** {@code <memorySize> (-Dshell-lambda.memorySize)}, or {@code <environment>}. */
  @Override
  public String toString() {
    return "<" + element + ">" + (property == null ? "" : " (-D" + property + ")");
  }

  /** The element set to {@code value}: {@code <architecture>arm64</architecture>}. */
  public String withValue(String value) {
    return "<" + element + ">" + value + "</" + element + ">";
  }

  /** The property set to {@code value}: {@code -Dshell-lambda.jq.file=PATH}, or the element when there is none. */
  public String assignment(String value) {
    return property == null ? withValue(value) : "-D" + property + "=" + value;
  }
}
