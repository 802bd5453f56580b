package dev.jgrad.cpu.nn;

import dev.jgrad.Device;
import dev.jgrad.nnconformance.ModuleConformance;

class CpuNnModuleTest extends ModuleConformance {
    @Override protected Device device() { return Device.cpu(); }
}
