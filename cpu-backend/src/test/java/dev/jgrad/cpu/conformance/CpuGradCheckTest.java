package dev.jgrad.cpu.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.GradCheckConformance;

/** The CPU backend runs the shared {@link GradCheckConformance} suite. */
class CpuGradCheckTest extends GradCheckConformance {
    @Override
    protected Device device() {
        return Device.cpu();
    }
}
