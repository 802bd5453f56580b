package dev.jgrad.cpu.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.MatmulConformance;

/** The CPU backend runs the shared {@link MatmulConformance} suite. */
class CpuMatmulTest extends MatmulConformance {
    @Override
    protected Device device() {
        return Device.cpu();
    }
}
