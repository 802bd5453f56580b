package dev.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import dev.jgrad.TensorScope;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Sequential;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Forward and backward of an MLP on the GPU move no data between host and device except the final
 * {@code item()}: no Jacobians, no host-side loops, no hidden synchronizing reads. Skipped without a GPU.
 */
class CudaNoHostRoundTripTest {
    @BeforeEach
    void needsGpu() {
        GpuRequired.assumeCuda();
    }

    @Test
    void mlpForwardAndBackwardCopyOnlyTheFinalScalar() {
        try (Scope d = Device.with(Device.cuda()); TensorScope s = TensorScope.open()) {
            Sequential mlp = new Sequential(new Linear(20, 64, 1), Activation.relu(), new Linear(64, 64, 2),
                    Activation.tanh(), new Linear(64, 5, 3));
            Tensor x = Tensor.randn(4, DType.F32, 32, 20);
            Tensor target = Tensor.rand(5, DType.F32, 32, 5);
            long allocationsBefore = backendOf().deviceAllocations();
            long before = CudaBackend.transferCount();
            Tensor loss = Loss.mse(mlp.forward(x), target);
            loss.backward();
            assertEquals(before, CudaBackend.transferCount(), "forward + backward made host<->device copies");
            double value = loss.item();
            assertEquals(before + 1, CudaBackend.transferCount(), "item() is exactly one download");
            assertTrue(Double.isFinite(value) && value > 0, "loss " + value);
            assertTrue(backendOf().deviceAllocations() >= allocationsBefore);
        }
    }

    @Test
    void aSteadyStateStepAllocatesNoNewDeviceMemory() {
        try (Scope d = Device.with(Device.cuda())) {
            Linear layer = new Linear(16, 8, 9);
            Tensor x = Tensor.randn(1, DType.F32, 64, 16);
            Tensor y = Tensor.rand(2, DType.F32, 64, 8);
            CudaBackend be = backendOf();
            long afterWarmup = 0;
            for (int step = 0; step < 4; step++) {
                try (TensorScope s = TensorScope.open()) {
                    for (Tensor p : layer.parameters()) {   // free last step's gradients now, not via the GC
                        if (p.grad() != null) {
                            p.grad().close();
                        }
                        p.zeroGrad();
                    }
                    Loss.mse(layer.forward(x), y).backward();
                }
                if (step == 1) {
                    afterWarmup = be.deviceAllocations();
                }
            }
            assertEquals(afterWarmup, be.deviceAllocations(), "steps 3 and 4 reuse cached blocks only; " + be.memoryStats());
        }
    }

    /** The CUDA backend core opened for device 0 (tensors on it exist by the time this is called). */
    private static CudaBackend backendOf() {
        CudaBackend be = CudaBackendProvider.opened(0);
        assertTrue(be != null, "core opened cuda:0 through the provider");
        return be;
    }
}
