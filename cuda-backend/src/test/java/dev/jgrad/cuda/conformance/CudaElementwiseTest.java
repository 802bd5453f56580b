package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.ElementwiseConformance;

class CudaElementwiseTest extends ElementwiseConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
