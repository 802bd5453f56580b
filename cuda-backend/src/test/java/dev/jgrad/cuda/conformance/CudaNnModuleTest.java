package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.nnconformance.ModuleConformance;

class CudaNnModuleTest extends ModuleConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
