package dev.jgrad.demo;

import dev.jgrad.Autograd;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import dev.jgrad.TensorScope;
import dev.jgrad.data.Dataset;
import dev.jgrad.data.Datasets;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Sequential;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.SGD;

/**
 * XOR, the function a single linear layer cannot represent, learned by a 2-8-1 net (tanh hidden layer,
 * binary cross-entropy on the output logit), full-batch SGD with lr 0.5 and momentum 0.9.
 *
 * <pre>{@code
 * XorNet xor = new XorNet(3);
 * xor.train(1000, progress);
 * float[] p = xor.probabilities();   // ≈ {0, 1, 1, 0} for inputs 00, 01, 10, 11
 * }</pre>
 */
final class XorNet {
    static final int HIDDEN = 8;
    static final double LR = 0.5;
    static final double MOMENTUM = 0.9;

    final Dataset data = Datasets.xor();
    final Sequential net;

    /** PyTorch-default init drawn from seeds {@code seed} and {@code seed + 1}. */
    XorNet(long seed) {
        net = new Sequential(new Linear(2, HIDDEN, seed), Activation.tanh(), new Linear(HIDDEN, 1, seed + 1));
    }

    TrainingLog train(int steps, Progress progress) {
        Optimizer opt = new SGD(net.parameters(), LR, MOMENTUM, 0.0);
        return TrainingLoop.run("xor", steps, (t, read) -> {
            opt.zeroGrad();
            Tensor loss = Loss.binaryCrossEntropyWithLogits(net.forward(data.inputs()), data.targets());
            loss.backward();
            opt.step();
            return read ? loss.item() : Double.NaN;
        }, progress);
    }

    /** P(output = 1) for the four inputs 00, 01, 10, 11: sigmoid of the net's logit. */
    float[] probabilities() {
        try (Scope g = Autograd.noGrad(); TensorScope s = TensorScope.open()) {
            return net.forward(data.inputs()).sigmoid().toFloatArray();
        }
    }

    /** Fraction of the four inputs whose probability is on the right side of ½. */
    double accuracy() {
        float[] p = probabilities();
        float[] t = data.targets().toFloatArray();
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            right += (p[i] > 0.5f) == (t[i] > 0.5f) ? 1 : 0;
        }
        return (double) right / p.length;
    }

    /** The four rows "x1 x2 | target | p(1) | ok". */
    String table() {
        float[] x = data.inputs().toFloatArray();
        float[] t = data.targets().toFloatArray();
        float[] p = probabilities();
        StringBuilder sb = new StringBuilder("  x1 x2 | XOR | net's P(1) |\n");
        for (int i = 0; i < p.length; i++) {
            boolean ok = (p[i] > 0.5f) == (t[i] > 0.5f);
            sb.append(String.format(java.util.Locale.ROOT, "   %d  %d |  %d  |   %.4f   | %s%n", (int) x[2 * i],
                    (int) x[2 * i + 1], (int) t[i], p[i], ok ? "ok" : "WRONG"));
        }
        return sb.toString();
    }
}
