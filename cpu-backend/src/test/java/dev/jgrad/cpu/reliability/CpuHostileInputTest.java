package dev.jgrad.cpu.reliability;

import dev.jgrad.Device;
import dev.jgrad.reliability.HostileInputConformance;

class CpuHostileInputTest extends HostileInputConformance {
    @Override
    protected Device device() {
        return Device.cpu();
    }
}
