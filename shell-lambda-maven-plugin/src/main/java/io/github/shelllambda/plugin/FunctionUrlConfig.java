package io.github.shelllambda.plugin;

import java.util.List;

/**
 * {@code <functionUrl>}: the Function URL deploy puts on the alias. Maven fills it from the POM.
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
