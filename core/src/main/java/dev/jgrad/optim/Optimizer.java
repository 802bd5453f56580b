package dev.jgrad.optim;

/**
 * Updates parameters in place from their gradients.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(net.parameters(), 0.1, 0.9, 0.0);
 * for (int step = 0; step < 1000; step++) {
 *     opt.zeroGrad();
 *     Loss.mse(net.forward(x), y).backward();
 *     opt.step();
 * }
 * }</pre>
 */
public interface Optimizer {

    /** One update of every parameter that has a gradient; same tensor objects, new values. */
    void step();

    /** Clears the gradients of all parameters. */
    void zeroGrad();

    /** The current learning rate (what {@link LrSchedule} reads). */
    default double learningRate() {
        throw new UnsupportedOperationException(getClass().getName() + " does not expose a learning rate");
    }

    /** Changes the learning rate used by the following steps (what {@link LrSchedule} calls). */
    default void setLearningRate(double lr) {
        throw new UnsupportedOperationException(getClass().getName() + " does not expose a learning rate");
    }
}
