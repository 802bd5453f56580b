package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.AutogradConformance;

class CudaAutogradTest extends AutogradConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
