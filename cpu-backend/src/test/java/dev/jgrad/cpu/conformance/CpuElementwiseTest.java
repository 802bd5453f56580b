package dev.jgrad.cpu.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.ElementwiseConformance;

/** The CPU backend runs the shared {@link ElementwiseConformance} suite. */
class CpuElementwiseTest extends ElementwiseConformance {
    @Override
    protected Device device() {
        return Device.cpu();
    }
}
