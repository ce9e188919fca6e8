package io.github.shelllambda.runtime.function;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Lambda request ids. One is minted per request, by the first part of the runtime that receives
 * it (the Invoke API, a Function URL, or {@code LocalFunction} for a direct call), and travels with
 * the request from there: the {@code x-amzn-RequestId} answer header, {@code
 * LAMBDA_RUNTIME_AWS_REQUEST_ID}, START/END/REPORT and the payload 2.0 {@code
 * requestContext.requestId} are one id.
 */
public final class RequestIds {
  private static final Pattern USABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private RequestIds() {}

  /** A new id, shaped as Lambda's (a random UUID). */
  public static String mint() {
    return UUID.randomUUID().toString();
  }

  /** True when the id can travel in a header, an environment variable and a log line unchanged. */
  public static boolean isValid(String id) {
    return id != null && USABLE.matcher(id).matches();
  }
}
