package dev.jgrad.cpu.nn;

import dev.jgrad.Device;
import dev.jgrad.nnconformance.OptimizerConformance;

class CpuNnOptimizerTest extends OptimizerConformance {
    @Override protected Device device() { return Device.cpu(); }
}
