package io.github.shelllambda.runtime;

import io.github.shelllambda.runtime.controlplane.ControlPlane;
import io.github.shelllambda.runtime.frontdoor.FrontDoor;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A control plane and its front door in a JVM of their own, for tests that kill it: prints {@code
 * ENDPOINT <url>} once it serves, then runs until killed. Arguments: state directory, state delay in ms,
 * and optionally {@code KEY:SECRET} (credentials for AWS_IAM Function URLs).
 */
public final class PlaneProcess {
  private PlaneProcess() {}

  public static void main(String[] args) throws Exception {
    ControlPlane.Builder b = ControlPlane.builder(Path.of(args[0])).stateDelay(Duration.ofMillis(Long.parseLong(args[1])));
    if (args.length > 2) { // KEY:SECRET for AWS_IAM Function URLs
      b.credentials(java.util.Map.of(args[2].substring(0, args[2].indexOf(':')), args[2].substring(args[2].indexOf(':') + 1)));
    }
    ControlPlane plane = b.open();
    FrontDoor door = FrontDoor.start(0, plane);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      door.close();
      plane.close(); // SIGTERM ends the functions' processes too; SIGKILL is what the crash test is about
    }));
    System.out.println("ENDPOINT " + door.endpoint());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
