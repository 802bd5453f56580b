package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.NonDifferentiableOpsConformance;

class CudaNonDifferentiableOpsTest extends NonDifferentiableOpsConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
