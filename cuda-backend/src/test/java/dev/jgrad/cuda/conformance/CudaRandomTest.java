package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.RandomConformance;

class CudaRandomTest extends RandomConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
