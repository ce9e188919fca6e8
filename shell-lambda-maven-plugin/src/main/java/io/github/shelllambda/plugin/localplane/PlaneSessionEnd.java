package io.github.shelllambda.plugin.localplane;

import org.apache.maven.AbstractMavenLifecycleParticipant;
import org.apache.maven.execution.MavenSession;

/**
 * Stops the local control planes {@code shell-lambda:start} left running when the build ends,
 * failed or not, while the plugin's classes can still be loaded (a JVM shutdown hook runs after
 * Maven closed the plugin's class realm). Registered in {@code META-INF/plexus/components.xml};
 * active when the plugin is declared with {@code <extensions>true</extensions>}, as the
 * {@code shell-lambda} packaging requires. Without it, the shutdown hook still stops them.
 */
public class PlaneSessionEnd extends AbstractMavenLifecycleParticipant {
  @Override
  public void afterSessionEnd(MavenSession session) {
    LocalPlane.stopAll();
  }
}
