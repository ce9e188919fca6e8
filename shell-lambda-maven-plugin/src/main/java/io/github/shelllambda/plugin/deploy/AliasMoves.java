package io.github.shelllambda.plugin.deploy;

import java.util.Optional;

/** Where promote and rollback move an alias; pure functions of the alias as deployed. */
public final class AliasMoves {
  private AliasMoves() {}

  /** The alias cannot move the way asked: says why and what to do instead. */
  public static final class NoMoveException extends Exception {
    public NoMoveException(String message) {
      super(message);
    }
  }

  /** The canary version becomes the primary at 100%; the old primary is kept for rollback. */
  public static AliasState promote(AliasState a) throws NoMoveException {
    if (a.canaryVersion().isEmpty()) {
      throw new NoMoveException("the alias " + a.name() + " routes all traffic to version " + a.primaryVersion()
          + " and has no canary to promote; deploy with a canary first");
    }
    return new AliasState(a.name(), a.canaryVersion().get(), Optional.empty(), 0, Optional.of(a.primaryVersion()));
  }

  /**
   * A canary's weight is dropped (all traffic back on the primary); without a canary, the alias
   * goes back to the version it served before the last deploy moved it.
   */
  public static AliasState rollback(AliasState a) throws NoMoveException {
    if (a.canaryVersion().isPresent()) {
      return new AliasState(a.name(), a.primaryVersion(), Optional.empty(), 0, a.previousVersion());
    }
    if (a.previousVersion().isEmpty() || a.previousVersion().get().equals(a.primaryVersion())) {
      throw new NoMoveException("the alias " + a.name() + " serves version " + a.primaryVersion()
          + " and no earlier version is recorded on it (its description keeps the version a deploy moved it from);"
          + " point it at a version yourself: aws lambda update-alias --function-version N");
    }
    return new AliasState(a.name(), a.previousVersion().get(), Optional.empty(), 0, Optional.empty());
  }
}
