package dev.jgrad.bench.jmh;

import dev.jgrad.DType;
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
 * jgrad elementwise ops on contiguous 1-D tensors of 1K…16M elements; the report turns the time into GB/s
 * with {@link dev.jgrad.bench.Traffic#elementwiseBytes}. Each call allocates its output, as user code does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xss1m", "--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ElementwiseBench {
    @Param({"cpu", "cuda"})
    public String backend;

    @Param({"F32", "F64"})
    public String dtype;

    @Param({"add", "mul", "relu", "sigmoid", "exp"})
    public String op;

    @Param({"1024", "65536", "1048576", "16777216"})
    public long elements;

    private Tensor x;
    private Tensor y;
    private DeviceSync sync;

    @Setup
    public void setup() {
        Device d = BenchDevices.device(backend);
        DType dt = BenchDevices.dtype(dtype);
        try (dev.jgrad.Scope ds = Device.with(d)) {
            x = Tensor.randn(1, dt, elements);
            y = Tensor.randn(2, dt, elements);
        }
        sync = DeviceSync.on(d);
    }

    @Benchmark
    public Tensor run() {
        try (TensorScope s = TensorScope.open()) {
            Tensor r = apply(op, x, y);
            sync.await();
            return r;
        }
    }

    static Tensor apply(String op, Tensor x, Tensor y) {
        switch (op) {
            case "add":
                return x.add(y);
            case "mul":
                return x.mul(y);
            case "relu":
                return x.relu();
            case "sigmoid":
                return x.sigmoid();
            case "exp":
                return x.exp();
            default:
                throw new IllegalArgumentException("ElementwiseBench: unknown op '" + op + "'");
        }
    }

    @TearDown
    public void tearDown() {
        x.close();
        y.close();
        sync.close();
    }
}
