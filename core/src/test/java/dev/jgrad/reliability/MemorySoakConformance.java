package dev.jgrad.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.MemoryStats;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import dev.jgrad.TensorScope;
import dev.jgrad.conformance.BackendTestBase;
import org.junit.jupiter.api.Test;

/**
 * 10,000 training steps of an MLP inside scopes: the live tensor count and the heap after GC stay flat.
 * Prints first/last/max so the figures can be quoted.
 */
public abstract class MemorySoakConformance extends BackendTestBase {
    private static final int STEPS = Integer.getInteger("jgrad.soak.steps", 10_000);

    @Test
    void tenThousandStepsKeepMemoryFlat() {
        Tensor x = Tensor.randn(1, DType.F32, 64, 32);
        Tensor y = Tensor.randn(2, DType.F32, 64, 4);
        Tensor w1 = Tensor.randn(3, DType.F32, 32, 64).mul(0.1).detach().requiresGrad(true);
        Tensor w2 = Tensor.randn(4, DType.F32, 64, 4).mul(0.1).detach().requiresGrad(true);
        long firstLive = -1;
        long maxLive = 0;
        long lastLive = 0;
        long firstHeap = -1;
        long maxHeap = 0;
        long lastHeap = 0;
        double firstLoss = 0;
        double lastLoss = 0;
        for (int step = 0; step < STEPS; step++) {
            try (TensorScope s = TensorScope.open()) {
                Tensor loss = x.matmul(w1).relu().matmul(w2).sub(y).square().mean();
                w1.zeroGrad();
                w2.zeroGrad();
                loss.backward();
                try (Scope g = Autograd.noGrad()) {
                    w1.assign(w1.sub(w1.grad().mul(0.05)));
                    w2.assign(w2.sub(w2.grad().mul(0.05)));
                }
                if (step == 0 || step == STEPS - 1) {
                    double l = loss.item();
                    if (step == 0) {
                        firstLoss = l;
                    } else {
                        lastLoss = l;
                    }
                }
            }
            if (step % 1000 == 0 || step == STEPS - 1) {
                long live = MemoryStats.liveTensors();
                long heap = usedHeapAfterGc();
                if (firstLive < 0) {
                    firstLive = live;
                    firstHeap = heap;
                }
                maxLive = Math.max(maxLive, live);
                maxHeap = Math.max(maxHeap, heap);
                lastLive = live;
                lastHeap = heap;
            }
        }
        System.out.printf("soak on %s, %d steps: live tensors first/last/max = %d/%d/%d; heap after GC"
                        + " first/last/max = %.1f/%.1f/%.1f MiB; loss %.4f -> %.4f%n", device(), STEPS, firstLive,
                lastLive, maxLive, firstHeap / 1048576.0, lastHeap / 1048576.0, maxHeap / 1048576.0, firstLoss,
                lastLoss);
        // the first sample may still count pre-loop temporaries awaiting the GC: "flat" means it never grows
        assertTrue(lastLive <= firstLive, "live tensors grew from " + firstLive + " to " + lastLive);
        assertEquals(firstLive, maxLive, "live tensors between steps must not grow");
        assertTrue(lastHeap - firstHeap < 16L << 20, "heap grew by " + (lastHeap - firstHeap) + " bytes");
        assertTrue(lastLoss < firstLoss, "training did not progress");
    }

    /** Heap in use after GC; the pause lets the Cleaner thread release what the GC found unreachable. */
    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
