package dev.jgrad.cpu.nn;

import dev.jgrad.Device;
import dev.jgrad.nnconformance.DataConformance;

class CpuNnDataTest extends DataConformance {
    @Override protected Device device() { return Device.cpu(); }
}
