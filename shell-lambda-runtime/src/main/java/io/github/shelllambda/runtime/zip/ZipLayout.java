package io.github.shelllambda.runtime.zip;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where Lambda looks for things in the zips it extracts: a function zip lands in {@code /var/task},
 * layers in {@code /opt}. These checks catch the layouts that deploy fine and then fail at the
 * first invocation.
 */
public final class ZipLayout {

  private ZipLayout() {}

  /**
   * The files a handler may name, in the order they are tried: {@code handler.run} names
   * {@code handler.sh} (or a file {@code handler}); a handler with no function part names the file
   * itself.
   */
  public static List<String> handlerFileCandidates(String handler) {
    int dot = handler.lastIndexOf('.');
    int slash = handler.lastIndexOf('/');
    if (dot <= slash || dot == handler.length() - 1) {
      return List.of(handler);
    }
    String file = handler.substring(0, dot);
    if (file.endsWith(".sh")) {
      return List.of(file);
    }
    return List.of(file + ".sh", file);
  }

  /** The function part of a handler ({@code run} of {@code handler.run}), if it has one. */
  public static Optional<String> handlerFunction(String handler) {
    int dot = handler.lastIndexOf('.');
    int slash = handler.lastIndexOf('/');
    if (dot <= slash || dot == handler.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(handler.substring(dot + 1));
  }

  /**
   * Checks a function zip: not empty, the handler's file at the place Lambda looks for it, and a
   * {@code bootstrap} (when there is one at the root) executable.
   *
   * @return the entry name of the handler file
   */
  public static String checkFunctionZip(ZipListing listing, String handler) throws ZipLayoutException {
    if (listing.fileCount() == 0) {
      throw new ZipLayoutException(listing.zip(), "the function zip holds no files");
    }
    checkBootstrapMode(listing);
    for (String candidate : handlerFileCandidates(handler)) {
      Optional<ZipEntryInfo> e = listing.entry(candidate);
      if (e.isPresent() && !e.get().directory()) {
        return candidate;
      }
    }
    String wanted = handlerFileCandidates(handler).get(0);
    String nested = listing.entries().stream()
        .filter(e -> !e.directory() && e.name().endsWith("/" + wanted))
        .map(ZipEntryInfo::name)
        .findFirst()
        .map(n -> " It is at '" + n + "' instead: the zip has a parent folder; put the files at the zip root"
            + " (Lambda extracts it to /var/task and looks for /var/task/" + wanted + ").")
        .orElse("");
    throw new ZipLayoutException(
        listing.zip(), "the handler '" + handler + "' names the file '" + wanted + "', which is not in the zip."
            + nested + " Add " + wanted + " to the source folder or change <handler> (-Dshell-lambda.handler)");
  }

  /**
   * Checks a layer zip: Lambda extracts layers into {@code /opt}, so a top-level {@code opt/}
   * folder would land in {@code /opt/opt}, and a {@code bootstrap} at the root must be executable.
   */
  public static void checkLayerZip(ZipListing listing) throws ZipLayoutException {
    if (listing.fileCount() == 0) {
      throw new ZipLayoutException(listing.zip(), "the layer zip holds no files");
    }
    Set<String> top = new TreeSet<>();
    for (ZipEntryInfo e : listing.entries()) {
      int slash = e.name().indexOf('/');
      top.add(slash < 0 ? e.name() : e.name().substring(0, slash + 1));
    }
    if (top.contains("opt/")) {
      throw new ZipLayoutException(
          listing.zip(), "the layer zip has a top-level 'opt/' folder; Lambda extracts layers into /opt, so its files"
              + " would land in /opt/opt/... Put the files at the zip root (bootstrap, bin/jq)");
    }
    checkBootstrapMode(listing);
  }

  /** Checks a bootstrap layer: a layer with an executable {@code bootstrap} at its root. */
  public static void checkBootstrapLayer(ZipListing listing) throws ZipLayoutException {
    checkLayerZip(listing);
    if (listing.entry("bootstrap").isEmpty()) {
      String nested = listing.entries().stream()
          .filter(e -> e.name().endsWith("/bootstrap"))
          .map(e -> " It is at '" + e.name() + "': the zip has a parent folder.")
          .findFirst()
          .orElse("");
      throw new ZipLayoutException(
          listing.zip(), "the bootstrap layer has no 'bootstrap' at its root, so Lambda will report"
              + " \"Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]\"." + nested
              + " Put bootstrap at the zip root");
    }
  }

  private static void checkBootstrapMode(ZipListing listing) throws ZipLayoutException {
    Optional<ZipEntryInfo> b = listing.entry("bootstrap");
    if (b.isPresent() && !b.get().directory() && !b.get().executable()) {
      throw new ZipLayoutException(
          listing.zip(), "'bootstrap' is stored with mode " + b.get().modeString() + ", not executable; Lambda will"
              + " fail with Runtime.InvalidEntrypoint (permission denied). Store it with mode 0755");
    }
  }
}
