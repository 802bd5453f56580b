package dev.jgrad.cpu.nn;

import dev.jgrad.Device;
import dev.jgrad.nnconformance.InitConformance;

class CpuNnInitTest extends InitConformance {
    @Override protected Device device() { return Device.cpu(); }
}
