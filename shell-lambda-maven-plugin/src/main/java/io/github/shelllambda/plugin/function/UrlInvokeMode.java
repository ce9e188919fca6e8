package io.github.shelllambda.plugin.function;

import java.util.Map;
import java.util.Optional;

/**
 * A Function URL's invoke mode ({@code <functionUrl><invokeMode>}) and what it means for the
 * function. Lambda does not tell a runtime the mode of the URL that invoked it, so a function
 * behind a {@code RESPONSE_STREAM} URL gets {@code SHELL_LAMBDA_RESPONSE_STREAM=1} (its bootstrap
 * then streams what the handler prints), unless its environment sets the variable itself. The one
 * rule deploy applies to the deployed function and the local goals (test, run, invoke) to the
 * local one; locally the Function URL streams exactly when the function's environment {@linkplain
 * #streams says so}.
 */
public final class UrlInvokeMode {
  /** Lambda's default mode: the whole response once the function has ended. */
  public static final String BUFFERED = "BUFFERED";

  /** The response as the function writes it. */
  public static final String RESPONSE_STREAM = "RESPONSE_STREAM";

  /** The variable that makes the bootstrap stream. */
  public static final String STREAM_VARIABLE = "SHELL_LAMBDA_RESPONSE_STREAM";

  private UrlInvokeMode() {}

  /**
   * The variables a function whose environment is {@code environment} gets, on top of it, behind a
   * URL of mode {@code invokeMode}: {@code SHELL_LAMBDA_RESPONSE_STREAM=1} for {@code
   * RESPONSE_STREAM} unless the environment sets that variable already (its value is kept, as
   * the user wrote it); nothing for {@code BUFFERED}.
   *
   * @throws IllegalArgumentException a mode other than {@link #BUFFERED} or {@link #RESPONSE_STREAM}
   */
  public static Map<String, String> variables(String invokeMode, Map<String, String> environment) {
    check(invokeMode);
    return invokeMode.equals(RESPONSE_STREAM) && !environment.containsKey(STREAM_VARIABLE)
        ? Map.of(STREAM_VARIABLE, "1") : Map.of();
  }

  /**
   * Whether a function with this environment streams its responses, and so the local Function URL
   * passes them on as they come (the rule of {@code LocalFunction#streamsResponses}).
   */
  public static boolean streams(Map<String, String> environment) {
    String v = environment.get(STREAM_VARIABLE);
    return "1".equals(v) || "true".equals(v);
  }

  /**
   * The one line a local goal logs about the URL's mode, given the function's environment before
   * {@link #variables} were added: whether (and why) the function streams its responses, and so
   * the local Function URL with them, or why it does not although {@code invokeMode} is {@code
   * RESPONSE_STREAM}. Empty for a plain buffered function.
   */
  public static Optional<String> describe(String invokeMode, Map<String, String> environment) {
    check(invokeMode);
    String set = environment.get(STREAM_VARIABLE);
    if (invokeMode.equals(RESPONSE_STREAM)) {
      if (set == null) {
        return Optional.of("Function URL invokeMode RESPONSE_STREAM: the function gets " + STREAM_VARIABLE
            + "=1, as deploy gives it, so it streams its responses (and the local Function URL passes them on)");
      }
      if (streams(environment)) {
        return Optional.of("Function URL invokeMode RESPONSE_STREAM: the function streams its responses, and the local"
            + " Function URL passes them on (its environment sets " + STREAM_VARIABLE + "=" + set + ")");
      }
      return Optional.of("Function URL invokeMode RESPONSE_STREAM, but the function's environment sets "
          + STREAM_VARIABLE + "=" + set + ", so it does not stream, deployed or here (the local Function URL answers"
          + " buffered); remove " + STREAM_VARIABLE + " from the environment to stream");
    }
    if (streams(environment)) {
      return Optional.of("The function streams its responses (and the local Function URL with them): its environment"
          + " sets " + STREAM_VARIABLE + "=" + set + ", although <functionUrl><invokeMode> is BUFFERED; set"
          + " <invokeMode>RESPONSE_STREAM</invokeMode> instead, as deploy then sets the variable itself");
    }
    return Optional.empty();
  }

  private static void check(String invokeMode) {
    if (!BUFFERED.equals(invokeMode) && !RESPONSE_STREAM.equals(invokeMode)) {
      throw new IllegalArgumentException("invokeMode is '" + invokeMode + "'; expected BUFFERED or RESPONSE_STREAM");
    }
  }
}
