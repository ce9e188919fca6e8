package io.github.shelllambda.plugin.packaging;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The fixed time stored in every zip entry, from {@code project.build.outputTimestamp} as Maven's
 * reproducible-builds guide defines it: ISO-8601 with an offset, or seconds since the epoch.
 */
public final class OutputTimestamp {

  /** Used when the project sets no {@code project.build.outputTimestamp}: never the build machine's clock. */
  public static final Instant DEFAULT = Instant.parse("2000-01-01T00:00:00Z");

  /** Zip (DOS) times cannot go below 1980, nor past 2107. */
  private static final Instant MIN = Instant.parse("1980-01-01T00:00:00Z");

  private static final Instant MAX = Instant.parse("2107-12-31T23:59:58Z");

  private OutputTimestamp() {}

  /**
   * Parses {@code value}; null, empty or a single character (Maven's way to switch reproducibility
   * off) gives {@link #DEFAULT}. The result is rounded down to even seconds (zip time resolution).
   */
  public static Instant parse(String value) throws PackagingException {
    if (value == null || value.isBlank() || value.strip().length() < 2) {
      return DEFAULT;
    }
    String v = value.strip();
    Instant t;
    try {
      t = v.chars().allMatch(Character::isDigit) ? Instant.ofEpochSecond(Long.parseLong(v))
          : OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new PackagingException("<project.build.outputTimestamp> is '" + value + "', which is neither an"
          + " ISO-8601 time with offset (2026-01-01T00:00:00Z) nor seconds since the epoch; fix the property");
    }
    if (t.isBefore(MIN) || t.isAfter(MAX)) {
      throw new PackagingException("<project.build.outputTimestamp> is '" + value + "', outside what a zip can store"
          + " (1980-01-01 to 2107-12-31); use a time in that range");
    }
    return Instant.ofEpochSecond(t.getEpochSecond() - Math.floorMod(t.getEpochSecond(), 2));
  }
}
