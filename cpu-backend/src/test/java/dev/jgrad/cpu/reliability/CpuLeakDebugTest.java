package dev.jgrad.cpu.reliability;

import dev.jgrad.Device;
import dev.jgrad.reliability.LeakDebugConformance;

class CpuLeakDebugTest extends LeakDebugConformance {
    @Override
    protected Device device() {
        return Device.cpu();
    }
}
