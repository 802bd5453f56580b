package dev.jgrad.cpu.reliability;

import dev.jgrad.Device;
import dev.jgrad.reliability.MemorySoakConformance;

class CpuMemorySoakTest extends MemorySoakConformance {
    @Override
    protected Device device() {
        return Device.cpu();
    }
}
