package io.github.shelllambda.runtime.bootstrap;

/** The conformance suite on the gcc ASan+UBSan build: every test also asserts that the sanitizers reported nothing. */
class SanitizedBootstrapTest extends BootstrapConformance {

  @Override
  BootstrapTarget target() {
    return BootstrapTarget.SANITIZE;
  }
}
