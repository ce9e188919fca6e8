package io.github.shelllambda.plugin.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsCredentialsPassingTest {
  @Test
  void nothingUnlessAskedFor() throws Exception {
    assertThat(AwsCredentialsPassing.variables(false,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))).isEmpty();
    assertThat(AwsCredentialsPassing.variables(false)).isEmpty();
  }

  @Test
  void passesKeysAndSessionToken() throws Exception {
    assertThat(AwsCredentialsPassing.variables(true,
        StaticCredentialsProvider.create(AwsSessionCredentials.create("AKIDEXAMPLE", "secret", "token"))))
        .containsEntry("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
        .containsEntry("AWS_SECRET_ACCESS_KEY", "secret")
        .containsEntry("AWS_SESSION_TOKEN", "token");
    assertThat(AwsCredentialsPassing.variables(true,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"))))
        .doesNotContainKey("AWS_SESSION_TOKEN");
  }

  @Test
  void missingCredentialsSayWhatToDo() {
    assertThatThrownBy(() -> AwsCredentialsPassing.variables(true, () -> {
          throw SdkClientException.create("Unable to load credentials");
        }))
        .isInstanceOf(AwsCredentialsPassing.NoCredentialsException.class)
        .hasMessageContaining("no AWS credentials were found")
        .hasMessageContaining("Unable to load credentials");
  }
}
