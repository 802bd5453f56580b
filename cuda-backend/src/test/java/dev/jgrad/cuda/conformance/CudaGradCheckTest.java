package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.GradCheckConformance;

class CudaGradCheckTest extends GradCheckConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
