package dev.jgrad.bench.jmh;

import dev.jgrad.Autograd;
import dev.jgrad.Device;
import dev.jgrad.Tensor;
import dev.jgrad.TensorScope;
import dev.jgrad.bench.TwoLayerNet;
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
 * The lecture's 2-layer net (N=64, D_in=1000, H=100, D_out=10): inference (no graph), forward recording the
 * graph, forward+backward, and a full SGD step. The report derives backward/forward =
 * (forwardBackward − forward) / forward, the lecture's "backward costs about two forward passes".
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xss1m", "--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TwoLayerNetBench {
    /** The lecture's learning rate; small enough that thousands of benchmark steps stay finite. */
    static final double LR = 1e-4;

    @Param({"cpu", "cuda"})
    public String backend;

    @Param({"F32", "F64"})
    public String dtype;

    private TwoLayerNet net;
    
    @Setup
    public void setup() {
        Device d = BenchDevices.device(backend);
        try (dev.jgrad.Scope ds = Device.with(d)) {
            net = TwoLayerNet.lecture(0, BenchDevices.dtype(dtype));
        }
    }

    @Benchmark
    public double inference() {
        try (TensorScope s = TensorScope.open(); dev.jgrad.Scope g = Autograd.noGrad()) {
            return net.loss().item();
        }
    }

    @Benchmark
    public double forward() {
        try (TensorScope s = TensorScope.open()) {
            return net.loss().item();
        }
    }

    /** Reads the loss after backward, like {@link #forward}, so the difference of the two is the backward. */
    @Benchmark
    public double forwardBackward() {
        try (TensorScope s = TensorScope.open()) {
            Tensor loss = net.loss();
            net.clearGrads();
            loss.backward();
            return loss.item();
        }
    }

    @Benchmark
    public double trainingStep() {
        try (TensorScope s = TensorScope.open()) {
            return net.step(LR);
        }
    }

    @TearDown
    public void tearDown() {
        net.clearGrads();
        for (Tensor t : new Tensor[] {net.x, net.y, net.w1, net.w2}) {
            t.close();
        }
    }
}
