package io.github.shelllambda.plugin;

import org.apache.maven.api.plugin.testing.MojoExtension;

/** Sets a Mojo field the way Maven would from a {@code -D} property. */
final class MojoExtensionSupport {
  private MojoExtensionSupport() {}

  static void set(Object mojo, String field, Object value) throws IllegalAccessException {
    MojoExtension.setVariableValueToObject(mojo, field, value);
  }
}
