package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.reliability.ConcurrencyConformance;

class CudaConcurrencyTest extends ConcurrencyConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
