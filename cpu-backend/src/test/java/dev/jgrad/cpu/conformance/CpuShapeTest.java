package dev.jgrad.cpu.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.ShapeConformance;

/** The CPU backend runs the shared {@link ShapeConformance} suite. */
class CpuShapeTest extends ShapeConformance {
    @Override
    protected Device device() {
        return Device.cpu();
    }
}
