package io.github.shelllambda.plugin.deploy;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Makes the SDK's {@link LambdaClient} for deploy: the endpoint override (the local plane or any
 * endpoint speaking the Lambda API), the region (given, or the SDK's default chain) and the
 * credentials (a named profile, or the SDK's default chain: environment, profiles, SSO, web
 * identity for CI OIDC, container and instance roles). Credentials are never printed.
 */
public final class LambdaClients {
  private LambdaClients() {}

  /** No region was given and the SDK's default chain found none. */
  public static final class NoRegionException extends Exception {
    public NoRegionException(String message) {
      super(message);
    }
  }

  /** Where to connect, as the user configured it; all optional. */
  public record Target(Optional<String> endpoint, Optional<String> region, Optional<String> profile) {}

  public static LambdaClient create(Target t) throws NoRegionException {
    Region region;
    if (t.region().isPresent() && !t.region().get().isBlank()) {
      region = Region.of(t.region().get().trim());
    } else {
      try {
        region = DefaultAwsRegionProviderChain.builder().build().getRegion();
      } catch (SdkClientException e) {
        throw new NoRegionException("no AWS region: none was given and the SDK's default chain found none"
            + " (AWS_REGION, AWS_DEFAULT_REGION, the profile's region in ~/.aws/config)");
      }
    }
    AwsCredentialsProvider credentials = t.profile().filter(p -> !p.isBlank())
        .<AwsCredentialsProvider>map(p -> ProfileCredentialsProvider.create(p.trim()))
        .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    var b = LambdaClient.builder().region(region).credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.create());
    t.endpoint().filter(e -> !e.isBlank()).ifPresent(e -> b.endpointOverride(URI.create(e.trim())));
    return b.build();
  }
}
