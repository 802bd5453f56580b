package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.MemoryConformance;

class CudaMemoryTest extends MemoryConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
