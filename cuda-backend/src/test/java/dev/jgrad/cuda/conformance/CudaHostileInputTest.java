package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.reliability.HostileInputConformance;

class CudaHostileInputTest extends HostileInputConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
