package dev.jgrad.cpu.nn;

import dev.jgrad.Device;
import dev.jgrad.nnconformance.HostileSafetensorsConformance;

class CpuHostileSafetensorsTest extends HostileSafetensorsConformance {
    @Override protected Device device() { return Device.cpu(); }
}
