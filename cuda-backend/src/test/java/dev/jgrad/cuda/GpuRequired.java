package dev.jgrad.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgrad.Device;

/** Skips a GPU test with the reason CUDA cannot be used here. */
final class GpuRequired {
    private GpuRequired() {
    }

    static void assumeCuda() {
        String why = new CudaBackendProvider().unavailableReason();
        assumeTrue(why == null, () -> "skipped: " + why);
        assumeTrue(Device.isAvailable(Device.cuda()), "skipped: Device.cuda() is not available");
    }

    static void assumeCudaAndCpu() {
        assumeCuda();
        assumeTrue(Device.isAvailable(Device.cpu()), "skipped: no cpu backend on the classpath for the comparison");
    }
}
