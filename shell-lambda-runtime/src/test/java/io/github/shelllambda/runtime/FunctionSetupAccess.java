package io.github.shelllambda.runtime;

import io.github.shelllambda.runtime.env.FunctionSetup;

final class FunctionSetupAccess {
  private FunctionSetupAccess() {}

  static boolean hostHas(String command) {
    return FunctionSetup.hostCommand(command).isPresent();
  }
}
