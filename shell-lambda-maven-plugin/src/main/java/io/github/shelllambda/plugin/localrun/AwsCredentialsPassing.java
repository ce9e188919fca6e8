package io.github.shelllambda.plugin.localrun;

import io.github.shelllambda.plugin.failure.UserMistakeException;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Hands the user's AWS credentials to a local function, as Lambda hands the execution role's:
 * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}. Only when
 * {@code passAwsCredentials} is on; never by default, and never logged.
 */
public final class AwsCredentialsPassing {

  /** The variables Lambda sets from the execution role, and nothing else. */
  public static final String ACCESS_KEY = "AWS_ACCESS_KEY_ID";
  public static final String SECRET_KEY = "AWS_SECRET_ACCESS_KEY";
  public static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";

  private AwsCredentialsPassing() {}

  /** No credentials could be found although passing them was asked for (the caller names the parameter). */
  public static final class NoCredentialsException extends UserMistakeException {
    public NoCredentialsException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The variables to add; empty when {@code pass} is false (the default: a local function gets no
   * credentials unless the user asks).
   */
  public static Map<String, String> variables(boolean pass, AwsCredentialsProvider provider)
      throws NoCredentialsException {
    Map<String, String> out = new LinkedHashMap<>();
    if (!pass) {
      return out;
    }
    AwsCredentials c;
    try {
      c = provider.resolveCredentials();
    } catch (SdkClientException e) {
      throw new NoCredentialsException("no AWS credentials were found (environment, ~/.aws, SSO): "
          + e.getMessage(), e);
    }
    out.put(ACCESS_KEY, c.accessKeyId());
    out.put(SECRET_KEY, c.secretAccessKey());
    if (c instanceof AwsSessionCredentials s) {
      out.put(SESSION_TOKEN, s.sessionToken());
    }
    return out;
  }

  public static Map<String, String> variables(boolean pass) throws NoCredentialsException {
    if (!pass) {
      return Map.of();
    }
    try (DefaultCredentialsProvider p = DefaultCredentialsProvider.builder().build()) {
      return variables(true, p);
    }
  }
}
