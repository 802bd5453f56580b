package dev.jgrad.cpu.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.ReductionConformance;

/** The CPU backend runs the shared {@link ReductionConformance} suite. */
class CpuReductionTest extends ReductionConformance {
    @Override
    protected Device device() {
        return Device.cpu();
    }
}
