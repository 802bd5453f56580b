package dev.jgrad.cpu.reliability;

import dev.jgrad.Device;
import dev.jgrad.reliability.ConcurrencyConformance;

class CpuConcurrencyTest extends ConcurrencyConformance {
    @Override
    protected Device device() {
        return Device.cpu();
    }
}
