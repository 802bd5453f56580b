package dev.jgrad.cpu.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.RandomConformance;

/** The CPU backend runs the shared {@link RandomConformance} suite. */
class CpuRandomTest extends RandomConformance {
    @Override
    protected Device device() {
        return Device.cpu();
    }
}
