package io.github.shelllambda.plugin.packaging;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Lambda's deployment package quotas (AWS Lambda quotas page, "Deployment package (.zip file archive) size"). */
public final class LambdaLimits {

  /** 50 MB: the largest zip a direct upload (UpdateFunctionCode with ZipFile) accepts. */
  public static final long MAX_ZIPPED_BYTES = 50L * 1024 * 1024;

  /** 250 MB: the function and all its layers, unzipped. */
  public static final long MAX_UNZIPPED_BYTES = 250L * 1024 * 1024;

  private LambdaLimits() {}

  public static void checkZipped(Path zip, long bytes) throws LambdaLimitException {
    if (bytes > MAX_ZIPPED_BYTES) {
      throw new LambdaLimitException(zip + " is " + mb(bytes) + " zipped, over Lambda's 50 MB ("
          + MAX_ZIPPED_BYTES + " bytes) limit for a direct upload. Move large files into a layer or remove them"
          + " from the source folder");
    }
  }

  /** Checks the unzipped total of a function and its layers; the map holds each zip and its unzipped size. */
  public static void checkUnzipped(Map<Path, Long> unzippedSizes) throws LambdaLimitException {
    long total = unzippedSizes.values().stream().mapToLong(Long::longValue).sum();
    if (total > MAX_UNZIPPED_BYTES) {
      StringBuilder parts = new StringBuilder();
      unzippedSizes.forEach((p, s) -> parts.append(parts.length() == 0 ? "" : ", ").append(p.getFileName())
          .append(' ').append(mb(s)));
      throw new LambdaLimitException("the function and its layers take " + mb(total) + " unzipped (" + parts
          + "), over Lambda's 250 MB (" + MAX_UNZIPPED_BYTES + " bytes) limit. Remove files from the source folder"
          + " or the layers");
    }
  }

  static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB (%d bytes)", bytes / 1024.0 / 1024.0, bytes);
  }
}
