package dev.jgrad.demo;

import dev.jgrad.Autograd;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import dev.jgrad.data.Batches;
import dev.jgrad.data.Dataset;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.SGD;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How the demo trains a {@link SpiralNet}: SGD with momentum 0.9, either on the whole data set each
 * step (the classifier) or on shuffled mini-batches (the zero-init lesson, see {@link #miniBatch}).
 *
 * <pre>{@code
 * SpiralNet net = SpiralNet.relu(1);
 * TrainingLog log = SpiralTraining.fullBatch(net, Datasets.spiral(0), 2000, 0.5, "spiral", progress);
 * }</pre>
 */
final class SpiralTraining {
    static final double MOMENTUM = 0.9;

    private SpiralTraining() {
    }

    /** {@code steps} full-batch steps of SGD (learning rate {@code lr}, momentum 0.9). */
    static TrainingLog fullBatch(SpiralNet net, Dataset data, int steps, double lr, String label, Progress progress) {
        Optimizer opt = new SGD(net.net.parameters(), lr, MOMENTUM, 0.0);
        return TrainingLoop.run(label, steps, (t, read) -> step(net, opt, data, read), progress);
    }

    /**
     * {@code steps} steps on mini-batches of {@code batchSize}, reshuffled each epoch from {@code seed}.
     * Why the lesson uses mini-batches: the spiral's classes are balanced, so on the full batch the first
     * gradient of a zero net is 0 but for float rounding (every score is equal, softmax is ⅓ everywhere,
     * and the ⅓ − 1 of the right class cancels the ⅓s of the others): whatever moves the weights then is
     * rounding noise. A batch's classes are uneven, so its gradient is really nonzero, the weights really
     * move, and the symmetry alone is what stops the net from learning.
     * The loss recorded is that of the whole data set (a batch's loss is too noisy to compare runs by).
     */
    static TrainingLog miniBatch(SpiralNet net, Dataset data, int batchSize, long seed, int steps, double lr,
                                 String label, Progress progress) {
        Optimizer opt = new SGD(net.net.parameters(), lr, MOMENTUM, 0.0);
        Batches batches = new Batches(data, batchSize, seed);
        AtomicReference<Iterator<Dataset>> epoch = new AtomicReference<>(batches.iterator());
        return TrainingLoop.run(label, steps, (t, read) -> {
            if (!epoch.get().hasNext()) {
                epoch.set(batches.iterator());   // each call starts the next epoch
            }
            double wholeDataLoss = read ? lossWithoutGraph(net, data) : Double.NaN;
            step(net, opt, epoch.get().next(), false);
            return wholeDataLoss;
        }, progress);
    }

    private static double lossWithoutGraph(SpiralNet net, Dataset data) {
        try (Scope g = Autograd.noGrad()) {
            return net.loss(data).item();
        }
    }

    private static double step(SpiralNet net, Optimizer opt, Dataset batch, boolean read) {
        opt.zeroGrad();
        Tensor loss = net.loss(batch);
        loss.backward();
        opt.step();
        return read ? loss.item() : Double.NaN;
    }
}
