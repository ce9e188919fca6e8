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
