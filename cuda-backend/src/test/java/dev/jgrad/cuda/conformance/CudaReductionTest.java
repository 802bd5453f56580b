package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.ReductionConformance;

class CudaReductionTest extends ReductionConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
