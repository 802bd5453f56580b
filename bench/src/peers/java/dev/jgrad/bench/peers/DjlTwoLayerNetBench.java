package dev.jgrad.bench.peers;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
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
 * The lecture's 2-layer net in DJL-PyTorch with PyTorch's autograd, written op for op like
 * {@link dev.jgrad.bench.TwoLayerNet}: σ(x·w1)·w2, summed squared error, SGD with lr 1e-4. Same benchmark
 * names as {@link dev.jgrad.bench.jmh.TwoLayerNetBench} so the report can pair them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DjlTwoLayerNetBench {
    static final double LR = 1e-4;

    @Param({"F32", "F64"})
    public String dtype;

    /** PyTorch intra-op threads: all cores (its default) or 1; see {@link Djl}. */
    @Param({Djl.ALL_CORES, "1"})
    public String torchThreads;

    private NDManager manager;
    private NDArray x;
    private NDArray y;
    private NDArray w1;
    private NDArray w2;

    @Setup
    public void setup() {
        manager = Djl.manager(torchThreads);
        DataType dt = Djl.dataType(dtype);
        x = Djl.randn(manager, dt, 64, 1000);
        y = Djl.randn(manager, dt, 64, 10);
        w1 = Djl.randn(manager, dt, 1000, 100);
        w2 = Djl.randn(manager, dt, 100, 10);
        w1.setRequiresGradient(true);
        w2.setRequiresGradient(true);
    }

    private NDArray loss() {
        NDArray hidden = Activation.sigmoid(x.matMul(w1));
        return hidden.matMul(w2).sub(y).square().sum();
    }

    /** Zeroes the accumulated gradients in place (PyTorch accumulates across backward calls). */
    private void zeroGrads() {
        for (NDArray w : new NDArray[] {w1, w2}) {
            NDArray g = w.getGradient();
            g.subi(g);
        }
    }

    @Benchmark
    public double inference() {
        try (NDScope scope = new NDScope()) {
            return Djl.scalar(loss());
        }
    }

    @Benchmark
    public double forward() {
        try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            return Djl.scalar(loss());
        }
    }

    @Benchmark
    public double forwardBackward() {
        try (NDScope scope = new NDScope()) {
            double value;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = loss();
                gc.backward(loss);
                value = Djl.scalar(loss);
            }
            zeroGrads();
            return value;
        }
    }

    @Benchmark
    public double trainingStep() {
        try (NDScope scope = new NDScope()) {
            NDArray loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                loss = loss();
                gc.backward(loss);
            }
            for (NDArray w : new NDArray[] {w1, w2}) {
                NDArray g = w.getGradient();
                w.subi(g.mul(LR));
                g.subi(g);
            }
            return Djl.scalar(loss);
        }
    }

    @TearDown
    public void tearDown() {
        manager.close();
    }
}
