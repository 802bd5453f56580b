package dev.jgrad.cuda.conformance;

import dev.jgrad.Device;
import dev.jgrad.nnconformance.TrainingConformance;

class CudaNnTrainingTest extends TrainingConformance {
    @Override
    protected Device device() {
        return Device.cuda();
    }
}
