package io.github.shelllambda.plugin.localplane;

import io.github.shelllambda.plugin.packaging.BuildLog;
import io.github.shelllambda.runtime.controlplane.ControlPlane;
import io.github.shelllambda.runtime.frontdoor.FrontDoor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The local Lambda control plane of the {@code start} / {@code stop} goals, running in the build's
 * JVM: started for a state directory, found again by it, and stopped at the latest when the JVM
 * exits (a shutdown hook), so an integration-test build never leaves it behind.
 */
public final class LocalPlane {
  /**
   * What {@link #start} needs.
   *
   * @param port 0 for a free one
   * @param stateDirectory where the plane keeps functions, versions, aliases, layers (kept across runs)
   * @param stateDelay how long Pending / InProgress last
   * @param endpointFile where the endpoint URL is written (one line), for scripts and other plugins
   */
  public record Request(int port, Path stateDirectory, Duration stateDelay, Path endpointFile) {
    public Request {
      Objects.requireNonNull(stateDirectory, "stateDirectory");
      Objects.requireNonNull(stateDelay, "stateDelay");
    }
  }

  /** A plane being served. */
  public record Running(ControlPlane plane, FrontDoor door, Path stateDirectory) {
    public String endpoint() {
      return door.endpoint();
    }
  }

  private static final Map<Path, Running> RUNNING = new LinkedHashMap<>();
  private static boolean hookInstalled;

  private LocalPlane() {}

  /**
   * Starts a plane on the state directory and writes its endpoint; a plane already running for that
   * directory in this JVM is an error (one plane per directory).
   */
  public static synchronized Running start(Request r, BuildLog log) throws IOException {
    Path dir = r.stateDirectory().toAbsolutePath().normalize();
    if (RUNNING.containsKey(dir)) {
      throw new IllegalStateException("a local control plane already runs on " + dir + " at "
          + RUNNING.get(dir).endpoint() + "; stop it first (shell-lambda:stop) or use another state directory");
    }
    ControlPlane plane = ControlPlane.builder(dir).stateDelay(r.stateDelay())
        .logSink(line -> log.debug(line)).open();
    FrontDoor door;
    try {
      door = FrontDoor.start(r.port(), plane);
    } catch (IOException | RuntimeException e) {
      plane.close();
      throw e;
    }
    Running running = new Running(plane, door, dir);
    RUNNING.put(dir, running);
    if (!hookInstalled) {
      Runtime.getRuntime().addShutdownHook(new Thread(LocalPlane::stopAll, "shell-lambda-local-plane-stop"));
      hookInstalled = true;
    }
    if (r.endpointFile() != null) {
      Files.createDirectories(r.endpointFile().toAbsolutePath().getParent());
      Path tmp = r.endpointFile().resolveSibling(r.endpointFile().getFileName() + ".tmp");
      Files.writeString(tmp, running.endpoint() + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, r.endpointFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    log.info("Local Lambda control plane at " + running.endpoint() + " (state " + dir + ")");
    log.info("  aws lambda list-functions --endpoint-url " + running.endpoint());
    return running;
  }

  /** Stops the plane of this state directory; false when none runs in this JVM. */
  public static synchronized boolean stop(Path stateDirectory) {
    Running r = RUNNING.remove(stateDirectory.toAbsolutePath().normalize());
    if (r == null) {
      return false;
    }
    r.door().close();
    r.plane().close();
    return true;
  }

  /**
   * Stops every plane this JVM started: from the build's end ({@link PlaneSessionEnd}, when the
   * plugin is a build extension) or, at the latest, the JVM's shutdown hook. The plane (and so
   * its functions' processes) first; each step on its own, so one failure cannot skip the rest
   * (at JVM exit the plugin's class realm may already be closed).
   */
  static synchronized void stopAll() {
    for (Running r : RUNNING.values()) {
      try {
        r.plane().close();
      } catch (Throwable e) { // NOPMD: at exit, a class the close needs may no longer load
        // nothing more can be done for this plane
      }
      try {
        r.door().close();
      } catch (Throwable e) { // NOPMD: likewise
        // the JVM is going away: its sockets close with it
      }
    }
    RUNNING.clear();
  }
}
