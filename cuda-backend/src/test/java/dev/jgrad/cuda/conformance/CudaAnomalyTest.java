package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.reliability.AnomalyConformance;

class CudaAnomalyTest extends AnomalyConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
