package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.reliability.MemorySoakConformance;

class CudaMemorySoakTest extends MemorySoakConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
