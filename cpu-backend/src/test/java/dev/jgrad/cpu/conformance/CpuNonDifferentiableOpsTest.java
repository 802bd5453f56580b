package dev.jgrad.cpu.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.NonDifferentiableOpsConformance;

/** The CPU backend runs the shared {@link NonDifferentiableOpsConformance} suite. */
class CpuNonDifferentiableOpsTest extends NonDifferentiableOpsConformance {
    @Override
    protected Device device() {
        return Device.cpu();
    }
}
