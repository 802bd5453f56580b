package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.nnconformance.ParametersConformance;

class CudaNnParametersTest extends ParametersConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
