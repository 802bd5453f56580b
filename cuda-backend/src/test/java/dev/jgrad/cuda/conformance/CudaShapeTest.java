package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.ShapeConformance;

class CudaShapeTest extends ShapeConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
