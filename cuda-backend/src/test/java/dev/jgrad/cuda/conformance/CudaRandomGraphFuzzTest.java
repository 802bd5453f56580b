package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.fuzz.RandomGraphFuzzConformance;

class CudaRandomGraphFuzzTest extends RandomGraphFuzzConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
