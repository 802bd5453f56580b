package dev.jgrad.bench.peers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
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

/** DJL-PyTorch CPU elementwise ops, same ops and sizes as {@link dev.jgrad.bench.jmh.ElementwiseBench}. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DjlElementwiseBench {
    @Param({"F32", "F64"})
    public String dtype;

    /** PyTorch intra-op threads: all cores (its default) or 1; see {@link Djl}. */
    @Param({Djl.ALL_CORES, "1"})
    public String torchThreads;

    @Param({"add", "mul", "relu", "sigmoid", "exp"})
    public String op;

    @Param({"1024", "65536", "1048576", "16777216"})
    public long elements;

    private NDManager manager;
    private NDArray x;
    private NDArray y;

    @Setup
    public void setup() {
        manager = Djl.manager(torchThreads);
        x = Djl.randn(manager, Djl.dataType(dtype), elements);
        y = Djl.randn(manager, Djl.dataType(dtype), elements);
    }

    @Benchmark
    public NDArray run() {
        NDArray r;
        switch (op) {
            case "add":
                r = x.add(y);
                break;
            case "mul":
                r = x.mul(y);
                break;
            case "relu":
                r = Activation.relu(x);
                break;
            case "sigmoid":
                r = Activation.sigmoid(x);
                break;
            case "exp":
                r = x.exp();
                break;
            default:
                throw new IllegalArgumentException("DjlElementwiseBench: unknown op '" + op + "'");
        }
        r.close();
        return r;
    }

    @TearDown
    public void tearDown() {
        manager.close();
    }
}
