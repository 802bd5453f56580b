package dev.jgrad.bench.jmh;

import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.Tensor;
import dev.jgrad.TensorScope;
import dev.jgrad.bench.GemmShape;
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
 * jgrad matmul: square sizes and the lecture net's forward and backward GEMMs (see {@link GemmShape}).
 * The report turns the time per op into GFLOP/s with {@link GemmShape#flops()}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xss1m", "--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MatmulBench {
    @Param({"cpu", "cuda"})
    public String backend;

    @Param({"F32", "F64"})
    public String dtype;

    @Param({"64", "128", "256", "512", "1024", "2048",
            "64x1000x100", "64x100x10", "1000x64x100_At", "64x100x1000_Bt", "100x64x10_At", "64x10x100_Bt"})
    public String shape;

    private Tensor a;
    private Tensor b;
    private Tensor aStored;
    private Tensor bStored;
    private DeviceSync sync;

    @Setup
    public void setup() {
        Device d = BenchDevices.device(backend);
        DType dt = BenchDevices.dtype(dtype);
        GemmShape s = GemmShape.parse(shape);
        try (dev.jgrad.Scope ds = Device.with(d)) {
            aStored = Tensor.randn(1, dt, s.aStored());
            bStored = Tensor.randn(2, dt, s.bStored());
        }
        a = s.transA() ? aStored.transpose() : aStored;
        b = s.transB() ? bStored.transpose() : bStored;
        sync = DeviceSync.on(d);
    }

    @Benchmark
    public Tensor matmul() {
        try (TensorScope s = TensorScope.open()) {
            Tensor c = a.matmul(b);
            sync.await();
            return c;
        }
    }

    @TearDown
    public void tearDown() {
        aStored.close();
        bStored.close();
        sync.close();
    }
}
