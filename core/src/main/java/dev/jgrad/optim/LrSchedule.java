package dev.jgrad.optim;

import java.util.function.IntToDoubleFunction;

/**
 * A learning-rate schedule driving any {@link Optimizer}: call {@link #step()} once per epoch (or per
 * iteration, as you count), after {@code optimizer.step()}, like a PyTorch scheduler.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(net.parameters(), 0.1, 0.9, 0.0);
 * LrSchedule sched = LrSchedule.cosine(opt, 100, 0.0);   // 0.1 -> 0 over 100 epochs
 * for (int epoch = 0; epoch < 100; epoch++) { trainOneEpoch(opt); sched.step(); }
 * }</pre>
 *
 * The base rate is the optimizer's learning rate when the schedule is made.
 */
public final class LrSchedule {
    private final Optimizer optimizer;
    private final IntToDoubleFunction rateAtEpoch;
    private int epoch;

    private LrSchedule(Optimizer optimizer, IntToDoubleFunction rateAtEpoch) {
        this.optimizer = optimizer;
        this.rateAtEpoch = rateAtEpoch;
        optimizer.setLearningRate(rateAtEpoch.applyAsDouble(0));
    }

    /** Step decay: {@code lr = base · gamma^⌊epoch / stepSize⌋}. */
    public static LrSchedule stepDecay(Optimizer optimizer, int stepSize, double gamma) {
        if (stepSize < 1 || !(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("LrSchedule.stepDecay: need stepSize >= 1 and gamma > 0, got stepSize="
                    + stepSize + ", gamma=" + gamma);
        }
        double base = optimizer.learningRate();
        return new LrSchedule(optimizer, e -> base * Math.pow(gamma, e / stepSize));
    }

    /**
     * Cosine annealing: {@code lr = min + (base − min)·(1 + cos(π·epoch/totalEpochs))/2}, reaching
     * {@code minLr} at {@code totalEpochs} and staying there.
     */
    public static LrSchedule cosine(Optimizer optimizer, int totalEpochs, double minLr) {
        double base = optimizer.learningRate();
        if (totalEpochs < 1 || !(minLr >= 0) || minLr > base) {
            throw new IllegalArgumentException("LrSchedule.cosine: need totalEpochs >= 1 and 0 <= minLr <= base lr "
                    + base + ", got totalEpochs=" + totalEpochs + ", minLr=" + minLr);
        }
        return new LrSchedule(optimizer, e -> {
            int t = Math.min(e, totalEpochs);
            return minLr + (base - minLr) * (1 + Math.cos(Math.PI * t / totalEpochs)) / 2;
        });
    }

    /** Advances one epoch and sets the optimizer's learning rate for it; returns that rate. */
    public double step() {
        epoch++;
        double lr = rateAtEpoch.applyAsDouble(epoch);
        optimizer.setLearningRate(lr);
        return lr;
    }

    /** Epochs stepped so far. */
    public int epoch() {
        return epoch;
    }

    /** The rate this schedule gives at {@code epoch} (without changing anything). */
    public double rateAt(int epoch) {
        return rateAtEpoch.applyAsDouble(epoch);
    }
}
