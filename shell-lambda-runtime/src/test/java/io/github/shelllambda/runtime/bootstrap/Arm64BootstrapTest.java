package io.github.shelllambda.runtime.bootstrap;

/** The conformance suite on the static arm64 build, under qemu-aarch64 (skipped where it is absent). */
class Arm64BootstrapTest extends BootstrapConformance {

  @Override
  BootstrapTarget target() {
    return BootstrapTarget.ARM64;
  }
}
