package dev.jgrad.demo;

import dev.jgrad.TensorScope;
import java.util.Arrays;

/**
 * Runs {@code steps} optimisation steps, each inside its own {@link TensorScope} so activations and
 * temporaries are freed every step and memory stays flat however long the run. The loss is read back
 * about 200 times per run (not every step: on a GPU each read waits for the device), which gives the
 * loss curve and feeds the {@link Progress} display.
 *
 * <pre>{@code
 * TrainingLog log = TrainingLoop.run("spiral", 2000, (t, read) -> {
 *     opt.zeroGrad();
 *     Tensor loss = lossOf(net);
 *     loss.backward();
 *     opt.step();
 *     return read ? loss.item() : Double.NaN;
 * }, Progress.forStdout());
 * }</pre>
 */
final class TrainingLoop {
    static final int CURVE_POINTS = 200;

    private TrainingLoop() {
    }

    /** One optimisation step; returns the loss (before the update) when {@code readLoss}, else anything. */
    @FunctionalInterface
    interface Step {
        double run(int step, boolean readLoss);
    }

    static TrainingLog run(String label, int steps, Step step, Progress progress) {
        if (steps < 1) {
            throw new IllegalArgumentException("TrainingLoop.run(" + label + "): steps must be >= 1, got " + steps);
        }
        int every = Math.max(1, steps / CURVE_POINTS);
        int[] at = new int[steps / every + 2];
        double[] loss = new double[at.length];
        int n = 0;
        progress.start(label, steps);
        long start = System.nanoTime();
        for (int t = 0; t < steps; t++) {
            boolean read = t % every == 0 || t == steps - 1;
            double value;
            try (TensorScope scope = TensorScope.open()) {
                value = step.run(t, read);
            }
            if (read) {
                at[n] = t;
                loss[n++] = value;
                progress.update(t + 1, value);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.finish(steps, loss[n - 1]);
        return new TrainingLog(label, steps, seconds, Arrays.copyOf(at, n), Arrays.copyOf(loss, n));
    }
}
