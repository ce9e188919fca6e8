package io.github.shelllambda.plugin.function;

import io.github.shelllambda.runtime.elf.WrongArchitectureException;
import io.github.shelllambda.runtime.function.ConfigurationProblem;
import io.github.shelllambda.runtime.function.ConfigurationProblem.Field;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The plugin's one place for telling users what they likely meant (after Jib's {@code
 * HelpfulSuggestions}): the runtime reports {@link ConfigurationProblem}s in Lambda's terms, with
 * the offending value and any likely value; this words them for a POM: the element, the {@code
 * -D} property, the value, the rule and {@code perhaps you meant <architecture>arm64</architecture>}.
 * It also finds the known word a misspelt one means (test-case keys).
 */
public final class Suggestions {
  private Suggestions() {}

  /** Every problem, one per line, each naming the parameter the user sets it with. */
  public static String describe(List<ConfigurationProblem> problems, Function<Field, PomParameter> parameterOf) {
    return problems.stream().map(p -> describe(p, parameterOf.apply(p.field()))).collect(Collectors.joining("\n"));
  }

  /**
   * {@code <memorySize> (-Dshell-lambda.memorySize) is '64', but Lambda accepts 128 to 10240 MB}, with
   * {@code ; perhaps you meant <element>value</element>} when a value is likely meant. Environment
   * problems name the variable, never its value.
   */
  public static String describe(ConfigurationProblem p, PomParameter parameter) {
    String perhaps = p.suggestion().map(s -> "; perhaps you meant " + parameter.withValue(s)).orElse("");
    if (p.field() == Field.ENVIRONMENT) {
      return parameter + " has '" + p.value() + "', but Lambda accepts " + p.rule() + perhaps;
    }
    return parameter + " is '" + p.value() + "', but Lambda accepts " + p.rule() + perhaps;
  }

  /** The runtime's one wording of the ELF check, plus the parameter that sets the architecture. */
  public static String describe(WrongArchitectureException e, PomParameter architecture) {
    return e.getMessage() + " (the function's architecture is " + architecture.withValue(e.expected().lambdaName())
        + ", set by " + architecture + ")";
  }

  /**
   * The known word a misspelt one most likely means (edit distance, case-insensitive), if one is
   * close enough: at most 2 edits, or a third of the word's length.
   */
  public static Optional<String> closest(String word, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String w = word.toLowerCase(Locale.ROOT);
    for (String k : known) {
      int d = distance(w, k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    int limit = Math.max(2, word.length() / 3);
    return bestDistance <= limit ? Optional.ofNullable(best) : Optional.empty();
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
