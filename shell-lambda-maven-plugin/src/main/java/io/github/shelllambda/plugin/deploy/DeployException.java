package io.github.shelllambda.plugin.deploy;

import java.util.List;

/**
 * A deploy stopped part way: says what was written and what was not, so the user knows where
 * live traffic is (the alias moves last, so it is where it was unless the alias step itself ran).
 */
public final class DeployException extends Exception {
  private final transient List<String> done;

  public DeployException(String message, List<String> done, Throwable cause) {
    super(message + (done.isEmpty() ? "; nothing was written" : "; already written: " + String.join(", ", done)), cause);
    this.done = List.copyOf(done);
  }

  public List<String> done() {
    return done;
  }
}
