package io.github.shelllambda.runtime.function;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A function's identity as Lambda names it: name, region, account, and the qualifier a caller used
 * ({@code $LATEST}, a version or an alias), in account {@value #LOCAL_ACCOUNT} locally. Which version
 * runs is not part of it: an alias names whichever version its routing picked.
 */
public record FunctionId(String name, String region, String accountId, String qualifier) {
  public static final String LATEST = "$LATEST";
  public static final String LOCAL_ACCOUNT = "000000000000";
  public static final String DEFAULT_REGION = "us-east-1";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern QUALIFIER = Pattern.compile("\\$LATEST|[A-Za-z0-9_-]{1,128}");

  public FunctionId {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(accountId, "accountId");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "function name '" + name + "' is not a Lambda function name: use 1 to 64 letters, digits, '-' or '_'");
    }
    if (qualifier != null && !QUALIFIER.matcher(qualifier).matches()) {
      throw new IllegalArgumentException("qualifier '" + qualifier + "' is neither $LATEST, a version nor an alias name");
    }
  }

  /** The unqualified identity of a local function. */
  public static FunctionId local(String name, String region) {
    return new FunctionId(name, region, LOCAL_ACCOUNT, null);
  }

  /**
   * True for what a version can be called: {@code $LATEST} or a version number ({@code 1}, {@code
   * 2}, ...); an alias name is neither (Lambda refuses all-digit alias names).
   */
  public static boolean isVersion(String qualifier) {
    return qualifier != null && (qualifier.equals(LATEST) || qualifier.matches("[1-9][0-9]{0,9}"));
  }

  public Optional<String> qualifierIfAny() {
    return Optional.ofNullable(qualifier);
  }

  /** {@code arn:aws:lambda:<region>:<account>:function:<name>}. */
  public String arn() {
    return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
  }

  /** The ARN with the qualifier the caller used, if any: what Lambda passes as the invoked ARN. */
  public String invokedArn() {
    return qualifier == null ? arn() : arn() + ":" + qualifier;
  }

  public FunctionId withQualifier(String q) {
    return new FunctionId(name, region, accountId, q);
  }

  public FunctionId unqualified() {
    return qualifier == null ? this : new FunctionId(name, region, accountId, null);
  }

  /** {@code /aws/lambda/<name>}. */
  public String logGroupName() {
    return "/aws/lambda/" + name;
  }

  /** A reference as callers write it in the Invoke API path: name, name:qualifier, partial or full ARN. */
  public record Reference(String name, Optional<String> qualifier, Optional<String> region, Optional<String> account) {

    /**
     * Parses {@code my-fn}, {@code my-fn:alias}, {@code 123456789012:function:my-fn[:q]} or {@code
     * arn:aws:lambda:us-east-1:123456789012:function:my-fn[:q]}.
     */
    public static Reference parse(String ref) {
      String[] p = ref.split(":", -1);
      if (ref.startsWith("arn:")) {
        if (p.length < 7 || p.length > 8 || !p[2].equals("lambda") || !p[5].equals("function")) {
          throw new IllegalArgumentException("'" + ref + "' is not a Lambda function ARN");
        }
        return new Reference(p[6], p.length == 8 ? Optional.of(p[7]) : Optional.empty(), Optional.of(p[3]), Optional.of(p[4]));
      }
      if (p.length >= 3 && p[1].equals("function")) {
        return new Reference(p[2], p.length == 4 ? Optional.of(p[3]) : Optional.empty(), Optional.empty(), Optional.of(p[0]));
      }
      if (p.length == 2) {
        return new Reference(p[0], Optional.of(p[1]), Optional.empty(), Optional.empty());
      }
      if (p.length == 1) {
        return new Reference(p[0], Optional.empty(), Optional.empty(), Optional.empty());
      }
      throw new IllegalArgumentException("'" + ref + "' is not a function name, partial ARN or ARN");
    }
  }
}
