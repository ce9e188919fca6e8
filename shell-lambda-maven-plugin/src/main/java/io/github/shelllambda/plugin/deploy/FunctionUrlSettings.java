package io.github.shelllambda.plugin.deploy;

import java.util.List;

/**
 * A Function URL's configuration as deploy compares it: auth type, CORS and invoke mode.
 *
 * @param authType {@code NONE} or {@code AWS_IAM}
 * @param invokeMode {@code BUFFERED} or {@code RESPONSE_STREAM}
 */
public record FunctionUrlSettings(String authType, Cors cors, String invokeMode) {
  public static final String NONE = "NONE";
  public static final String AWS_IAM = "AWS_IAM";

  /**
   * The regions that have no Function URLs (Lambda developer guide, "Creating and managing Lambda
   * function URLs", checked 2026-11-29).
   */
  public static final java.util.Set<String> UNSUPPORTED_REGIONS = java.util.Set.of(
      "ap-south-2", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ap-east-2",
      "ca-west-1", "eu-south-2", "eu-central-2", "il-central-1", "me-central-1");

  /** Lambda's CORS fields; empty lists and null values mean "not set". */
  public record Cors(
      boolean allowCredentials, List<String> allowHeaders, List<String> allowMethods, List<String> allowOrigins,
      List<String> exposeHeaders, Integer maxAge) {
    public static final Cors NONE = new Cors(false, List.of(), List.of(), List.of(), List.of(), null);

    public Cors {
      allowHeaders = List.copyOf(allowHeaders);
      allowMethods = List.copyOf(allowMethods);
      allowOrigins = List.copyOf(allowOrigins);
      exposeHeaders = List.copyOf(exposeHeaders);
    }
  }

  public FunctionUrlSettings {
    cors = cors == null ? Cors.NONE : cors;
    invokeMode = invokeMode == null ? "BUFFERED" : invokeMode;
  }

  /** True when the URL answers anyone: deploy adds both public statements and warns. */
  public boolean isPublic() {
    return NONE.equals(authType);
  }
}
