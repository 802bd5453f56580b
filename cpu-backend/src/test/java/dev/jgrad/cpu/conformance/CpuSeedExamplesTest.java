package dev.jgrad.cpu.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.SeedExamplesConformance;

/** The CPU backend runs the shared {@link SeedExamplesConformance} suite. */
class CpuSeedExamplesTest extends SeedExamplesConformance {
    @Override
    protected Device device() {
        return Device.cpu();
    }
}
