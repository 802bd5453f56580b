package dev.jgrad.cpu.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.TraceConformance;

/** The CPU backend runs the shared {@link TraceConformance} suite. */
class CpuTraceTest extends TraceConformance {
    @Override
    protected Device device() {
        return Device.cpu();
    }
}
