package io.github.shelllambda.plugin.deploy;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An alias as deployed: its primary version, the canary version with its weight if it routes one,
 * and the version it pointed to before the last move, which deploy keeps in the alias's
 * description ({@value #PREVIOUS_MARK}N) so that rollback works from any machine.
 *
 * @param canaryWeight the extra version's share, 0.0 to 1.0, when {@code canaryVersion} is present
 */
public record AliasState(
    String name, String primaryVersion, Optional<String> canaryVersion, double canaryWeight,
    Optional<String> previousVersion) {

  /** The marker in the alias description before the previous primary version. */
  public static final String PREVIOUS_MARK = "shell-lambda previous version: ";

  private static final Pattern PREVIOUS = Pattern.compile(Pattern.quote(PREVIOUS_MARK) + "(\\d+)");

  /** The description deploy writes on an alias whose primary moved away from {@code previous}. */
  public static String description(String previous) {
    return PREVIOUS_MARK + previous;
  }

  /** Reads the previous version out of a description written by {@link #description(String)}. */
  public static Optional<String> previousFrom(String description) {
    if (description == null) {
      return Optional.empty();
    }
    Matcher m = PREVIOUS.matcher(description);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The weight Lambda stores for a canary percentage: {@code 10 -> 0.1}. */
  public static double weightOf(int canaryPercent) {
    if (canaryPercent < 1 || canaryPercent > 99) {
      throw new IllegalArgumentException("a canary is 1 to 99 percent, not " + canaryPercent);
    }
    return canaryPercent / 100.0;
  }

  /** The percentage a stored weight stands for, rounded: {@code 0.1 -> 10}. */
  public static OptionalInt percentOf(double weight) {
    return weight <= 0 ? OptionalInt.empty() : OptionalInt.of((int) Math.round(weight * 100));
  }

  /** {@code 3} or {@code 3 (90%) + 4 (10%)}. */
  public String routing() {
    if (canaryVersion.isEmpty()) {
      return primaryVersion;
    }
    int canary = percentOf(canaryWeight).orElse(0);
    return primaryVersion + " (" + (100 - canary) + "%) + " + canaryVersion.get() + " (" + canary + "%)";
  }
}
