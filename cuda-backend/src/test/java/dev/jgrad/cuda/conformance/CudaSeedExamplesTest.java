package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.SeedExamplesConformance;

class CudaSeedExamplesTest extends SeedExamplesConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
