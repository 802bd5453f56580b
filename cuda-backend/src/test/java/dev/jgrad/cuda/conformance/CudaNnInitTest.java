package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.nnconformance.InitConformance;

class CudaNnInitTest extends InitConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
