package dev.jgrad.gpubench;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.TensorScope;
import dev.jgrad.bench.TwoLayerNet;
import dev.jgrad.gpubench.BenchContext.Check;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Sequential;
import dev.jgrad.optim.SGD;
import java.util.SplittableRandom;

/**
 * One training step (forward, backward, SGD update, and reading the loss as a training loop that
 * prints it does) of two networks, for comparison with the same step in PyTorch eager
 * (torch_peer.py): an MLP 1024→4096→4096→10 with cross-entropy at batch 4096 (GEMM-bound), and the
 * lectures' 2-layer net N=64, D_in=1000, H=100, D_out=10 (launch-bound: it measures per-op overhead).
 */
final class TrainBench {
    private TrainBench() {
    }

    static void mlp(BenchContext ctx) {
        BenchContext.Sizes z = ctx.sizes;
        String shape = "b" + z.mlpBatch() + ":" + z.mlpIn() + "-" + z.mlpHidden() + "-" + z.mlpHidden() + "-" + z.mlpOut();
        double flops = stepFlops(z.mlpBatch(), z.mlpIn(), z.mlpHidden(), z.mlpHidden(), z.mlpOut());
        ctx.time("jgrad", "train", "mlp", "F32", shape, 0, flops, () -> {
            Sequential model = new Sequential(new Linear(z.mlpIn(), z.mlpHidden(), 1), Activation.relu(),
                    new Linear(z.mlpHidden(), z.mlpHidden(), 2), Activation.relu(), new Linear(z.mlpHidden(), z.mlpOut(), 3));
            SGD opt = new SGD(model.parameters(), 0.01);
            Tensor x = Tensor.randn(41, DType.F32, z.mlpBatch(), z.mlpIn());
            Tensor labels = Tensor.of(randomLabels(42, z.mlpBatch(), z.mlpOut()), z.mlpBatch());
            double[] losses = {Double.NaN, Double.NaN};
            return new BenchContext.Timed() {
                @Override
                public void run() {
                    // as the docs tell a training loop to: the step's activations and temporaries are
                    // closed at its end (PyTorch frees them by reference counting), not left to the GC
                    try (TensorScope step = TensorScope.open()) {
                        opt.zeroGrad();
                        Tensor loss = Loss.crossEntropy(model.forward(x), labels);
                        loss.backward();
                        opt.step();
                        record(losses, loss.item());
                    }
                }

                @Override
                public Check check() {
                    return lossCheck(losses);
                }

                @Override
                public void close() {
                    opt.zeroGrad();
                }
            };
        });
    }

    static void lectureNet(BenchContext ctx) {
        BenchContext.Sizes z = ctx.sizes;
        String shape = "N" + z.netN() + ":" + z.netIn() + "-" + z.netHidden() + "-" + z.netOut();
        double flops = stepFlops(z.netN(), z.netIn(), z.netHidden(), z.netOut());
        ctx.time("jgrad", "train", "two-layer", "F32", shape, 0, flops, () -> {
            TwoLayerNet net = new TwoLayerNet(51, DType.F32, z.netN(), z.netIn(), z.netHidden(), z.netOut());
            double[] losses = {Double.NaN, Double.NaN};
            return new BenchContext.Timed() {
                @Override
                public void run() {
                    try (TensorScope step = TensorScope.open()) {
                        record(losses, net.step(1e-4));
                    }
                }

                @Override
                public Check check() {
                    return lossCheck(losses);
                }

                @Override
                public void close() {
                    net.w1.zeroGrad();
                    net.w2.zeroGrad();
                }
            };
        });
    }

    /**
     * Matmul FLOPs of one step of a dense net with layer widths {@code widths}: 2·B·in·out per layer
     * forward, twice that backward, less the first layer's input gradient, which nobody needs.
     */
    static double stepFlops(int batch, int... widths) {
        double f = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            double gemm = 2.0 * batch * widths[l] * widths[l + 1];
            f += l == 0 ? 2 * gemm : 3 * gemm;
        }
        return f;
    }

    private static void record(double[] losses, double loss) {
        if (Double.isNaN(losses[0])) {
            losses[0] = loss;
        }
        losses[1] = loss;
    }

    /** Training must make progress: the value is last/first loss (below 1, finite). */
    private static Check lossCheck(double[] losses) {
        return new Check(losses[1] / losses[0], String.format("last/first loss of the timed steps (%.4g → %.4g); must be finite and < 1",
                losses[0], losses[1]));
    }

    static int[] randomLabels(long seed, int n, int classes) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(classes);
        }
        return labels;
    }
}
