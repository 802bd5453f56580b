package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.nnconformance.LossConformance;

class CudaNnLossTest extends LossConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
