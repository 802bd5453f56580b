package dev.jgrad.bench.jmh;

import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.Tensor;
import dev.jgrad.TensorScope;
import dev.jgrad.bench.Traffic;
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
 * Reductions and row-wise softmax on an R×C matrix ({@link Traffic#REDUCTION_OPS}); GB/s in the report from
 * {@link Traffic#reductionBytes}. sumDim0 walks across rows (strided for a row-major matrix), sumDim1 along them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xss1m", "--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ReductionBench {
    @Param({"cpu", "cuda"})
    public String backend;

    @Param({"F32", "F64"})
    public String dtype;

    @Param({"sumAll", "sumDim0", "sumDim1", "softmax", "logSoftmax"})
    public String reduction;

    @Param({"64x1000", "1024x1024", "4096x4096"})
    public String matrix;

    private Tensor x;
    private DeviceSync sync;

    @Setup
    public void setup() {
        Device d = BenchDevices.device(backend);
        DType dt = BenchDevices.dtype(dtype);
        try (dev.jgrad.Scope ds = Device.with(d)) {
            x = Tensor.randn(3, dt, Traffic.matrix(matrix));
        }
        sync = DeviceSync.on(d);
    }

    @Benchmark
    public Tensor run() {
        try (TensorScope s = TensorScope.open()) {
            Tensor r;
            switch (reduction) {
                case "sumAll":
                    r = x.sum();
                    break;
                case "sumDim0":
                    r = x.sum(0, false);
                    break;
                case "sumDim1":
                    r = x.sum(1, false);
                    break;
                case "softmax":
                    r = x.softmax(-1);
                    break;
                case "logSoftmax":
                    r = x.logSoftmax(-1);
                    break;
                default:
                    throw new IllegalArgumentException("ReductionBench: unknown reduction '" + reduction + "'");
            }
            sync.await();
            return r;
        }
    }

    @TearDown
    public void tearDown() {
        x.close();
        sync.close();
    }
}
