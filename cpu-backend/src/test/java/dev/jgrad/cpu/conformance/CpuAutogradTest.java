package dev.jgrad.cpu.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.AutogradConformance;

/** The CPU backend runs the shared {@link AutogradConformance} suite. */
class CpuAutogradTest extends AutogradConformance {
    @Override
    protected Device device() {
        return Device.cpu();
    }
}
