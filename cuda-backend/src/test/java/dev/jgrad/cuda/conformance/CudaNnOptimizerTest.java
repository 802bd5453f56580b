package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.nnconformance.OptimizerConformance;

class CudaNnOptimizerTest extends OptimizerConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
