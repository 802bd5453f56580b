package dev.jgrad.cpu.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.CrossBackendConformance;

/** The CPU backend runs the shared {@link CrossBackendConformance} suite. */
class CpuCrossBackendTest extends CrossBackendConformance {
    @Override
    protected Device device() {
        return Device.cpu();
    }
}
