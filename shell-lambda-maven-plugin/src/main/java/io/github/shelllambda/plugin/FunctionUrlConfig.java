package io.github.shelllambda.plugin;

import io.github.shelllambda.plugin.function.UrlInvokeMode;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugin.MojoFailureException;

/**
 * {@code <functionUrl>}: the Function URL deploy puts on the alias. Maven fills it from the POM.
 * The local goals (test, run, invoke) read its {@code invokeMode} too, so the local function
 * runs as the deployed one will ({@link UrlInvokeMode}).
 *
 * <pre>{@code
 * <functionUrl>
 *   <authType>NONE</authType>              <!-- or AWS_IAM -->
 *   <invokeMode>BUFFERED</invokeMode>      <!-- or RESPONSE_STREAM -->
 *   <cors>
 *     <allowOrigins><allowOrigin>https://example.com</allowOrigin></allowOrigins>
 *     <allowMethods><allowMethod>GET</allowMethod></allowMethods>
 *   </cors>
 * </functionUrl>
 * }</pre>
 */
public class FunctionUrlConfig {
  /** {@code NONE} (public) or {@code AWS_IAM} (SigV4-signed requests only). */
  public String authType;

  /** {@code BUFFERED} (default) or {@code RESPONSE_STREAM}. */
  public String invokeMode;

  /**
   * The invoke mode of {@code url} (which may be null): {@code BUFFERED} when unset.
   *
   * @throws MojoFailureException a value Lambda does not accept
   */
  public static String invokeMode(FunctionUrlConfig url) throws MojoFailureException {
    String mode = url != null && url.invokeMode != null
        ? url.invokeMode.trim().toUpperCase(Locale.ROOT) : UrlInvokeMode.BUFFERED;
    if (!mode.equals(UrlInvokeMode.BUFFERED) && !mode.equals(UrlInvokeMode.RESPONSE_STREAM)) {
      throw new MojoFailureException(ShellLambdaProperties.FUNCTION_URL_PARAMETER + " invokeMode is '" + url.invokeMode
          + "', but Lambda accepts BUFFERED or RESPONSE_STREAM");
    }
    return mode;
  }

  /** Lambda's CORS settings for the URL. */
  public Cors cors;

  /** {@code <cors>}: Lambda's CORS fields. */
  public static class Cors {
    public Boolean allowCredentials;
    public List<String> allowHeaders;
    public List<String> allowMethods;
    public List<String> allowOrigins;
    public List<String> exposeHeaders;
    public Integer maxAge;
  }
}
