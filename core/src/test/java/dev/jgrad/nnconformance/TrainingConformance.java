package dev.jgrad.nnconformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
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
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** End-to-end lessons of the lectures: the spiral is learnable, XOR is learnable, zero init is not. */
public abstract class TrainingConformance extends NnTestBase {

    /**
     * CS231n's spiral classifier: 2 → 100 (ReLU) → 3, softmax cross-entropy plus L2 on the weights with
     * the lecture's reg = 1e-3, which the lecture writes as ½·reg·ΣW², i.e. {@code Loss.l2(0.5e-3, W)}.
     * Full-batch SGD, lr 0.5, momentum 0.9, 2000 steps, PyTorch default init (seeds 1, 2), F32.
     * (With λ = 1e-3 in λ·ΣW², twice the lecture's penalty, training accuracy plateaus at about 97%.)
     */
    @Test
    void spiralMlpReachesNinetySevenPercent() {
        Dataset data = Datasets.spiral(3, 100, 0);
        Linear fc1 = new Linear(2, 100, 1);
        Linear fc2 = new Linear(100, 3, 2);
        Sequential net = new Sequential(fc1, Activation.relu(), fc2);
        Optimizer opt = new SGD(net.parameters(), 0.5, 0.9, 0.0);
        long start = System.nanoTime();
        double loss = Double.NaN;
        for (int step = 0; step < 2000; step++) {
            try (TensorScope s = TensorScope.open()) {
                opt.zeroGrad();
                Tensor l = Loss.crossEntropy(net.forward(data.inputs()), data.targets())
                        .add(Loss.l2(0.5e-3, fc1.weight(), fc2.weight()));
                l.backward();
                opt.step();
                if (step % 500 == 0 || step == 1999) {
                    loss = l.item();
                }
            }
        }
        double accuracy = accuracy(net.forward(data.inputs()).argmax(1), data.targets());
        System.out.printf(Locale.ROOT, "spiral on %s: loss %.4f, training accuracy %.2f%%, %.1f s%n",
                device(), loss, 100 * accuracy, (System.nanoTime() - start) / 1e9);
        assertTrue(accuracy >= 0.97, "spiral training accuracy " + accuracy + " < 0.97 (loss " + loss + ")");
    }

    /** XOR with a 2-8-1 tanh net and BCE on its logit: random init learns it. */
    @Test
    void xorIsLearnedFromRandomInit() {
        Dataset xor = Datasets.xor();
        Sequential net = new Sequential(new Linear(2, 8, 3), Activation.tanh(), new Linear(8, 1, 4));
        trainXor(net, 1000, false);
        assertEquals(1.0, xorAccuracy(net, 0.0), "XOR accuracy from random init");
        assertTrue(Loss.binaryCrossEntropyWithLogits(net.forward(xor.inputs()), xor.targets()).item() < 0.05);
    }

    /**
     * The zero-initialisation lesson: with every weight and bias 0, all hidden units compute the same
     * function and receive the same gradient, so they stay identical however long we train, and the
     * net (effectively one hidden unit) cannot fit XOR. A sigmoid hidden layer (σ(0) = ½, not 0) and an
     * MSE loss on the 0/1 targets (whose first gradient does not sum to 0 over the batch, unlike BCE
     * on balanced targets) make the weights actually move, just in lockstep.
     */
    @Test
    void zeroInitKeepsHiddenUnitsIdentical() {
        Linear fc1 = new Linear(Tensor.zeros(DType.F32, 8, 2), Tensor.zeros(DType.F32, 8));
        Linear fc2 = new Linear(Tensor.zeros(DType.F32, 1, 8), Tensor.zeros(DType.F32, 1));
        Sequential net = new Sequential(fc1, Activation.sigmoid(), fc2);
        trainXor(net, 300, true);
        float[] w1 = fc1.weight().toFloatArray();   // (8, 2): one row per hidden unit
        float[] b1 = fc1.bias().toFloatArray();
        float[] w2 = fc2.weight().toFloatArray();   // (1, 8): one column per hidden unit
        assertTrue(Math.abs(w1[0]) + Math.abs(w1[1]) + Math.abs(w2[0]) > 1e-3, "the weights did change");
        for (int h = 1; h < 8; h++) {
            assertEquals(w1[0], w1[2 * h], 1e-6 * Math.max(1, Math.abs(w1[0])), "W1[" + h + ", 0] = W1[0, 0]");
            assertEquals(w1[1], w1[2 * h + 1], 1e-6 * Math.max(1, Math.abs(w1[1])), "W1[" + h + ", 1] = W1[0, 1]");
            assertEquals(b1[0], b1[h], 1e-6 * Math.max(1, Math.abs(b1[0])), "b1[" + h + "] = b1[0]");
            assertEquals(w2[0], w2[h], 1e-6 * Math.max(1, Math.abs(w2[0])), "W2[0, " + h + "] = W2[0, 0]");
        }
        assertTrue(xorAccuracy(net, 0.5) < 1.0, "a symmetric net is one hidden unit wide and cannot fit XOR");
    }

    /** Full-batch SGD (lr 0.5, momentum 0.9) on XOR with MSE on the outputs or BCE on logits. */
    private static void trainXor(Sequential net, int steps, boolean mse) {
        Dataset xor = Datasets.xor();
        Optimizer opt = new SGD(net.parameters(), mse ? 0.1 : 0.5, 0.9, 0.0);
        for (int step = 0; step < steps; step++) {
            try (TensorScope s = TensorScope.open()) {
                opt.zeroGrad();
                Tensor out = net.forward(xor.inputs());
                (mse ? Loss.mse(out, xor.targets()) : Loss.binaryCrossEntropyWithLogits(out, xor.targets())).backward();
                opt.step();
            }
        }
    }

    /** Fraction of the 4 points whose output is on the right side of {@code threshold}. */
    private static double xorAccuracy(Sequential net, double threshold) {
        Dataset xor = Datasets.xor();
        float[] logits = net.forward(xor.inputs()).toFloatArray();
        float[] t = xor.targets().toFloatArray();
        int right = 0;
        for (int i = 0; i < 4; i++) {
            right += (logits[i] > threshold) == (t[i] > 0.5) ? 1 : 0;
        }
        return right / 4.0;
    }

    private static double accuracy(Tensor predicted, Tensor labels) {
        int[] p = predicted.toIntArray();
        int[] y = labels.toIntArray();
        int right = 0;
        for (int i = 0; i < y.length; i++) {
            right += p[i] == y[i] ? 1 : 0;
        }
        return (double) right / y.length;
    }
}
