package dev.jgrad.cpu.nn;

import dev.jgrad.Device;
import dev.jgrad.nnconformance.TrainingConformance;

class CpuNnTrainingTest extends TrainingConformance {
    @Override protected Device device() { return Device.cpu(); }
}
