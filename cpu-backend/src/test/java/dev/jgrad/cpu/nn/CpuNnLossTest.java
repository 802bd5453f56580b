package dev.jgrad.cpu.nn;

import dev.jgrad.Device;
import dev.jgrad.nnconformance.LossConformance;

class CpuNnLossTest extends LossConformance {
    @Override protected Device device() { return Device.cpu(); }
}
