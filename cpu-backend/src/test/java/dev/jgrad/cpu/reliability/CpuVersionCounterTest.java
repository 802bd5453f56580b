package dev.jgrad.cpu.reliability;

import dev.jgrad.Device;
import dev.jgrad.reliability.VersionCounterConformance;

class CpuVersionCounterTest extends VersionCounterConformance {
    @Override
    protected Device device() {
        return Device.cpu();
    }
}
