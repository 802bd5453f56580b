package dev.jgrad.bench.jmh;

import dev.jgrad.Autograd;
import dev.jgrad.Device;
import dev.jgrad.Tensor;
import dev.jgrad.TensorScope;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Autograd's fixed cost: a chain of {@link #NODES} scalar ops (alternating ×0.999 and +0.001) on a rank-0
 * tensor, where the arithmetic is nothing and dispatch, graph recording and the backward walk are
 * everything. The report divides by {@link #NODES} for µs per node.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xss1m", "--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AutogradChainBench {
    public static final int NODES = 1000;

    @Param({"cpu", "cuda"})
    public String backend;

    @Param({"F32", "F64"})
    public String dtype;

    private Tensor x;
    private DeviceSync sync;

    @Setup
    public void setup() {
        Device d = BenchDevices.device(backend);
        try (dev.jgrad.Scope ds = Device.with(d)) {
            x = Tensor.scalar(1.0, BenchDevices.dtype(dtype)).requiresGrad(true);
        }
        sync = DeviceSync.on(d);
    }

    private Tensor chain() {
        Tensor y = x;
        for (int i = 0; i < NODES; i++) {
            y = (i & 1) == 0 ? y.mul(0.999) : y.add(0.001);
        }
        return y;
    }

    /** Dispatch only: no graph recorded. */
    @Benchmark
    public Tensor forwardNoGrad() {
        try (TensorScope s = TensorScope.open(); dev.jgrad.Scope g = Autograd.noGrad()) {
            Tensor y = chain();
            sync.await();
            return y;
        }
    }

    /** Dispatch plus graph recording. */
    @Benchmark
    public Tensor forward() {
        try (TensorScope s = TensorScope.open()) {
            Tensor y = chain();
            sync.await();
            return y;
        }
    }

    /** Recording plus the backward walk back to x. */
    @Benchmark
    public Tensor forwardBackward() {
        try (TensorScope s = TensorScope.open()) {
            Tensor y = chain();
            Tensor old = x.grad();
            x.zeroGrad();
            if (old != null) {
                old.close();
            }
            y.backward();
            sync.await();
            return y;
        }
    }

    @TearDown
    public void tearDown() {
        if (x.grad() != null) {
            x.grad().close();
        }
        x.close();
        sync.close();
    }
}
