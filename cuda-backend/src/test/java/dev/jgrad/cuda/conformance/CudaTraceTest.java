package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.conformance.TraceConformance;

class CudaTraceTest extends TraceConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
