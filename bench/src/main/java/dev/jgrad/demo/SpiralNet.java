package dev.jgrad.demo;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import dev.jgrad.TensorScope;
import dev.jgrad.data.Dataset;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;

/**
 * CS231n's spiral classifier, 2 → 100 → 3: softmax cross-entropy on the scores plus L2 on both weight
 * matrices, {@code Loss.l2(0.5e-3, W1, W2)} (the lecture's ½·reg·ΣW² with reg = 1e-3).
 *
 * <pre>{@code
 * SpiralNet net = SpiralNet.relu(1);
 * Tensor loss = net.loss(Datasets.spiral(0));
 * double acc = net.accuracy(Datasets.spiral(0));
 * }</pre>
 *
 * <p>The ReLU net with PyTorch's default initialisation is the demo's classifier. The sigmoid nets
 * (random or all-zero weights) are the zero-initialisation lesson: sigmoid(0) = ½ is not 0, so a zero
 * net's weights do move, but every hidden unit gets the same gradient and they stay identical.
 */
final class SpiralNet implements PointClassifier {
    static final int HIDDEN = 100;
    static final int CLASSES = 3;
    static final double L2 = 0.5e-3;

    final Linear fc1;
    final Linear fc2;
    final Sequential net;

    private SpiralNet(Linear fc1, Module activation, Linear fc2) {
        this.fc1 = fc1;
        this.fc2 = fc2;
        this.net = new Sequential(fc1, activation, fc2);
    }

    /** ReLU hidden layer, PyTorch's default init drawn from seeds {@code seed} and {@code seed + 1}. */
    static SpiralNet relu(long seed) {
        return new SpiralNet(new Linear(2, HIDDEN, seed), Activation.relu(), new Linear(HIDDEN, CLASSES, seed + 1));
    }

    /** Sigmoid hidden layer, PyTorch's default init. */
    static SpiralNet sigmoid(long seed) {
        return new SpiralNet(new Linear(2, HIDDEN, seed), Activation.sigmoid(), new Linear(HIDDEN, CLASSES, seed + 1));
    }

    /** Sigmoid hidden layer with every weight and bias 0: the symmetric start. */
    static SpiralNet sigmoidZeroInit() {
        Linear fc1 = new Linear(Tensor.zeros(DType.F32, HIDDEN, 2), Tensor.zeros(DType.F32, HIDDEN));
        Linear fc2 = new Linear(Tensor.zeros(DType.F32, CLASSES, HIDDEN), Tensor.zeros(DType.F32, CLASSES));
        return new SpiralNet(fc1, Activation.sigmoid(), fc2);
    }

    /** Mean cross-entropy of the batch plus the L2 penalty; records the graph. */
    Tensor loss(Dataset batch) {
        return Loss.crossEntropy(net.forward(batch.inputs()), batch.targets())
                .add(Loss.l2(L2, fc1.weight(), fc2.weight()));
    }

    /** Fraction of {@code data}'s points whose highest score is their label. */
    double accuracy(Dataset data) {
        int[] predicted;
        try (Scope g = Autograd.noGrad(); TensorScope s = TensorScope.open()) {
            predicted = net.forward(data.inputs()).argmax(1).toIntArray();
        }
        int[] labels = data.targets().toIntArray();
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += predicted[i] == labels[i] ? 1 : 0;
        }
        return (double) right / labels.length;
    }

    @Override
    public int[] classify(float[] xy) {
        try (Scope g = Autograd.noGrad(); TensorScope s = TensorScope.open()) {
            return net.forward(Tensor.of(xy, xy.length / 2, 2)).argmax(1).toIntArray();
        }
    }

    /**
     * How different the hidden units are: the largest |difference| between any unit's incoming weights,
     * bias or outgoing weights and unit 0's. Exactly 0 for a net whose hidden units are copies of each other.
     */
    double hiddenUnitSpread() {
        float[] w1 = fc1.weight().toFloatArray();   // (HIDDEN, 2): row h = unit h's incoming weights
        float[] b1 = fc1.bias().toFloatArray();
        float[] w2 = fc2.weight().toFloatArray();   // (CLASSES, HIDDEN): column h = unit h's outgoing weights
        double spread = 0;
        for (int h = 1; h < HIDDEN; h++) {
            spread = Math.max(spread, Math.abs(w1[2 * h] - w1[0]));
            spread = Math.max(spread, Math.abs(w1[2 * h + 1] - w1[1]));
            spread = Math.max(spread, Math.abs(b1[h] - b1[0]));
            for (int c = 0; c < CLASSES; c++) {
                spread = Math.max(spread, Math.abs(w2[c * HIDDEN + h] - w2[c * HIDDEN]));
            }
        }
        return spread;
    }

    /** The largest |weight| of either layer: shows that training moved the weights at all. */
    double largestWeight() {
        double max = 0;
        for (Linear layer : new Linear[] {fc1, fc2}) {
            for (float w : layer.weight().toFloatArray()) {
                max = Math.max(max, Math.abs(w));
            }
        }
        return max;
    }
}
