package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.nnconformance.DataConformance;

class CudaNnDataTest extends DataConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
