package dev.jgrad.demo;

import dev.jgrad.DType;
import dev.jgrad.bench.TwoLayerNet;
import dev.jgrad.data.Dataset;
import dev.jgrad.data.Datasets;

/**
 * The demo's four training runs with their settings, on the thread's default device; the tests run
 * the very same code.
 *
 * <pre>{@code
 * DemoTasks.Spiral s = DemoTasks.spiral(Progress.forStdout());
 * s.net().accuracy(s.data());   // ≈ 0.987
 * }</pre>
 */
final class DemoTasks {
    static final long DATA_SEED = 0;
    static final double LECTURE_LR = 1e-4;
    static final int SPIRAL_STEPS = 2000;
    static final double SPIRAL_LR = 0.5;
    static final int XOR_STEPS = 1000;
    /** The lesson's runs: mini-batches of 30 (10 per epoch), SGD lr 0.5, momentum 0.9. */
    static final int LESSON_STEPS = 2000;
    static final int LESSON_BATCH = 30;
    static final long LESSON_SHUFFLE_SEED = 7;
    static final double LESSON_LR = 0.5;

    private DemoTasks() {
    }

    /** A spiral net with its data and training log. */
    record Spiral(Dataset data, SpiralNet net, TrainingLog log) {
        double accuracy() {
            return net.accuracy(data);
        }
    }

    record Xor(XorNet net, TrainingLog log) {
    }

    /** The zero-initialisation lesson: the same sigmoid net from random and from all-zero weights. */
    record ZeroInit(Spiral random, Spiral zero) {
    }

    /**
     * (a) The lectures' 2-layer net: N=64, D_in=1000, H=100, D_out=10, sigmoid hidden layer, summed
     * squared error on random targets, gradient descent with lr 1e-4.
     */
    static TrainingLog lecture(int steps, Progress progress) {
        TwoLayerNet net = TwoLayerNet.lecture(DATA_SEED, DType.F32);
        return TrainingLoop.run("lecture", steps, (t, read) -> net.step(LECTURE_LR), progress);
    }

    /** (b) The ReLU MLP on the 3-arm spiral, full batch, 2000 steps: about 98.7% training accuracy. */
    static Spiral spiral(Progress progress) {
        Dataset data = Datasets.spiral(DATA_SEED);
        SpiralNet net = SpiralNet.relu(1);
        return new Spiral(data, net, SpiralTraining.fullBatch(net, data, SPIRAL_STEPS, SPIRAL_LR, "spiral", progress));
    }

    /** (c) XOR with a 2-8-1 tanh net. */
    static Xor xor(Progress progress) {
        XorNet net = new XorNet(3);
        return new Xor(net, net.train(XOR_STEPS, progress));
    }

    /** (d) The sigmoid spiral net trained from random weights and from zeros, same batches and settings. */
    static ZeroInit zeroInit(Progress progress) {
        Dataset data = Datasets.spiral(DATA_SEED);
        SpiralNet random = SpiralNet.sigmoid(1);
        TrainingLog randomLog = SpiralTraining.miniBatch(random, data, LESSON_BATCH, LESSON_SHUFFLE_SEED,
                LESSON_STEPS, LESSON_LR, "random", progress);
        SpiralNet zero = SpiralNet.sigmoidZeroInit();
        TrainingLog zeroLog = SpiralTraining.miniBatch(zero, data, LESSON_BATCH, LESSON_SHUFFLE_SEED,
                LESSON_STEPS, LESSON_LR, "zeros", progress);
        return new ZeroInit(new Spiral(data, random, randomLog), new Spiral(data, zero, zeroLog));
    }
}
