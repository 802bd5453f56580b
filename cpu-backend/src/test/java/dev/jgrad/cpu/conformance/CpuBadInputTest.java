package dev.jgrad.cpu.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.BadInputConformance;

/** The CPU backend runs the shared {@link BadInputConformance} suite. */
class CpuBadInputTest extends BadInputConformance {
    @Override
    protected Device device() {
        return Device.cpu();
    }
}
