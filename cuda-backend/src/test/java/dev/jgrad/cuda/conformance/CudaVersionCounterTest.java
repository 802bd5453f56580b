package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.reliability.VersionCounterConformance;

class CudaVersionCounterTest extends VersionCounterConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
