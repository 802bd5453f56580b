package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.CrossBackendConformance;

class CudaCrossBackendTest extends CrossBackendConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
