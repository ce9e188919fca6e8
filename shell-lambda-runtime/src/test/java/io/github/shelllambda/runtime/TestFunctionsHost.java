package io.github.shelllambda.runtime;

import io.github.shelllambda.runtime.env.FunctionSetup;

final class TestFunctionsHost {
  private TestFunctionsHost() {}

  static boolean has(String command) {
    return FunctionSetup.hostCommand(command).isPresent();
  }
}
