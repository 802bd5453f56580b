package dev.jgrad.cpu.reliability;

import dev.jgrad.Device;
import dev.jgrad.reliability.AnomalyConformance;

class CpuAnomalyTest extends AnomalyConformance {
    @Override
    protected Device device() {
        return Device.cpu();
    }
}
