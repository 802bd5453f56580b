package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.MatmulConformance;

class CudaMatmulTest extends MatmulConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
