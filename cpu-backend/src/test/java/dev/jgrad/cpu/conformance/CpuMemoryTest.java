package dev.jgrad.cpu.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.MemoryConformance;

/** The CPU backend runs the shared {@link MemoryConformance} suite. */
class CpuMemoryTest extends MemoryConformance {
    @Override
    protected Device device() {
        return Device.cpu();
    }
}
