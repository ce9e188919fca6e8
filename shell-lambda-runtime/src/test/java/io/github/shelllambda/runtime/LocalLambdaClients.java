package io.github.shelllambda.runtime;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** The real AWS SDK for Java v2 pointed at a loopback front door, as the tests and benchmarks use it. */
public final class LocalLambdaClients {
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "local-secret"));

  private LocalLambdaClients() {}

  /** A synchronous client with the SDK's default retries. */
  public static LambdaClient sync(String endpoint) {
    return builder(endpoint).build();
  }

  /** A synchronous client that never retries (a retry would hide what the test looks at). */
  public static LambdaClient withoutRetries(String endpoint) {
    return builder(endpoint).overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())).build();
  }

  /** An asynchronous client (InvokeWithResponseStream needs one). */
  public static LambdaAsyncClient async(String endpoint) {
    return LambdaAsyncClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).build();
  }

  private static software.amazon.awssdk.services.lambda.LambdaClientBuilder builder(String endpoint) {
    return LambdaClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create());
  }
}
