package dev.jgrad.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import dev.jgrad.TensorScope;
import dev.jgrad.conformance.BackendTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Grad mode and default-device scopes are per thread; concurrent training equals sequential training. */
public abstract class ConcurrencyConformance extends BackendTestBase {
    private static final int THREADS = 8;

    /** A small MLP trained for a few SGD steps; returns its final weights. Deterministic from the seed. */
    private double[] train(long seed) {
        try (Scope d = Device.with(device()); TensorScope outer = TensorScope.open()) {
            Tensor x = Tensor.randn(seed, DType.F32, 32, 8);
            Tensor y = Tensor.randn(seed + 1, DType.F32, 32, 2);
            Tensor w1 = Tensor.randn(seed + 2, DType.F32, 8, 16).mul(0.3).detach().requiresGrad(true);
            Tensor w2 = Tensor.randn(seed + 3, DType.F32, 16, 2).mul(0.3).detach().requiresGrad(true);
            for (int step = 0; step < 30; step++) {
                try (TensorScope s = TensorScope.open()) {
                    Tensor loss = x.matmul(w1).tanh().matmul(w2).sub(y).square().mean();
                    w1.zeroGrad();
                    w2.zeroGrad();
                    loss.backward();
                    try (Scope g = Autograd.noGrad()) {
                        w1.assign(w1.sub(w1.grad().mul(0.1)));
                        w2.assign(w2.sub(w2.grad().mul(0.1)));
                    }
                }
            }
            double[] a = w1.toDoubleArray();
            double[] b = w2.toDoubleArray();
            double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }
    }

    @Test
    void eightThreadsGetExactlyTheSequentialResults() throws Exception {
        List<double[]> sequential = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            sequential.add(train(100L * t));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = 100L * t;
                futures.add(pool.submit(() -> train(seed)));
            }
            for (int t = 0; t < THREADS; t++) {
                assertArrayEquals(sequential.get(t), futures.get(t).get(120, TimeUnit.SECONDS), 0.0,
                        "thread " + t + " differs from its sequential run");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void noGradOnOneThreadDoesNotAffectAnother() throws Exception {
        try (Scope g = Autograd.noGrad()) {
            assertFalse(Autograd.isGradEnabled());
            Thread other = new Thread(() -> {
                try (Scope d = Device.with(device())) {
                    Tensor w = Tensor.of(new double[] {2}).requiresGrad(true);
                    assertTrue(Autograd.isGradEnabled());
                    assertTrue(w.mul(w).requiresGrad());
                }
            });
            List<Throwable> failures = new ArrayList<>();
            other.setUncaughtExceptionHandler((th, e) -> failures.add(e));
            other.start();
            other.join();
            assertTrue(failures.isEmpty(), () -> "other thread: " + failures);
            Tensor w = Tensor.of(new double[] {2}).requiresGrad(true);
            assertFalse(w.mul(w).requiresGrad());
        }
    }

    @Test
    void deviceScopeIsPerThread() throws Exception {
        Device[] seen = new Device[1];
        try (Scope d = Device.with(Device.cuda(7))) {
            Thread other = new Thread(() -> seen[0] = Device.defaultDevice());
            other.start();
            other.join();
        }
        assertFalse(Device.cuda(7).equals(seen[0]), "the other thread saw this thread's scope");
    }
}
