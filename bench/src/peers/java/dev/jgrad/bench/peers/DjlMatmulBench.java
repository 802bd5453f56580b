package dev.jgrad.bench.peers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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

/** DJL-PyTorch CPU matmul on the same shapes as {@link dev.jgrad.bench.jmh.MatmulBench}. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DjlMatmulBench {
    @Param({"F32", "F64"})
    public String dtype;

    /** PyTorch intra-op threads: all cores (its default) or 1; see {@link Djl}. */
    @Param({Djl.ALL_CORES, "1"})
    public String torchThreads;

    @Param({"64", "128", "256", "512", "1024", "2048",
            "64x1000x100", "64x100x10", "1000x64x100_At", "64x100x1000_Bt", "100x64x10_At", "64x10x100_Bt"})
    public String shape;

    private NDManager manager;
    private NDArray a;
    private NDArray b;

    @Setup
    public void setup() {
        manager = Djl.manager(torchThreads);
        DataType dt = Djl.dataType(dtype);
        GemmShape s = GemmShape.parse(shape);
        NDArray aStored = Djl.randn(manager, dt, s.aStored());
        NDArray bStored = Djl.randn(manager, dt, s.bStored());
        a = s.transA() ? aStored.transpose() : aStored;
        b = s.transB() ? bStored.transpose() : bStored;
    }

    @Benchmark
    public NDArray matmul() {
        NDArray c = a.matMul(b);
        c.close();
        return c;
    }

    @TearDown
    public void tearDown() {
        manager.close();
    }
}
