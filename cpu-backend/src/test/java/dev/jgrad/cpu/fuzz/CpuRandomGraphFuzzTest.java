package dev.jgrad.cpu.fuzz;

import dev.jgrad.Device;
import dev.jgrad.fuzz.RandomGraphFuzzConformance;

class CpuRandomGraphFuzzTest extends RandomGraphFuzzConformance {
    @Override protected Device device() { return Device.cpu(); }
}
