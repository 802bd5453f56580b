package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.nnconformance.HostileSafetensorsConformance;

class CudaNnHostileSafetensorsTest extends HostileSafetensorsConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
