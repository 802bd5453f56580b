package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.BadInputConformance;

class CudaBadInputTest extends BadInputConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
