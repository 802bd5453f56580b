package dev.jgrad.cpu.nn;

import dev.jgrad.Device;
import dev.jgrad.nnconformance.ParametersConformance;

class CpuNnParametersTest extends ParametersConformance {
    @Override protected Device device() { return Device.cpu(); }
}
