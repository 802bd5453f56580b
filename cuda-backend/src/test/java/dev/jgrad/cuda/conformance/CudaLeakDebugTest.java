package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.reliability.LeakDebugConformance;

class CudaLeakDebugTest extends LeakDebugConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
