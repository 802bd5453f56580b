package dev.jgrad.nn;

import dev.jgrad.Tensor;

/**
 * Activation functions as parameter-free modules, for use in {@link Sequential}. Each one calls the
 * tensor op of the same name, so the derivative conventions are those of {@link Tensor}
 * (relu'(0) = 0, leakyRelu'(0) = slope, elu'(0) = alpha).
 *
 * <pre>{@code
 * Module net = new Sequential(new Linear(2, 8, 1), Activation.tanh(), new Linear(8, 1, 2), Activation.sigmoid());
 * }</pre>
 *
 * <p>Maxout has parameters, so it is a class of its own: {@link Maxout} (or {@link #maxout}).
 */
public final class Activation {
    private Activation() {
    }

    /** max(0, x). */
    public static Module relu() {
        return new StatelessModule("ReLU", Tensor::relu);
    }

    /** 1 / (1 + e^−x). */
    public static Module sigmoid() {
        return new StatelessModule("Sigmoid", Tensor::sigmoid);
    }

    public static Module tanh() {
        return new StatelessModule("Tanh", Tensor::tanh);
    }

    /** x for x > 0, slope·x otherwise. */
    public static Module leakyRelu(double slope) {
        return new StatelessModule("LeakyReLU(" + slope + ")", x -> x.leakyRelu(slope));
    }

    /** x for x > 0, alpha·(e^x − 1) otherwise. */
    public static Module elu(double alpha) {
        return new StatelessModule("ELU(" + alpha + ")", x -> x.elu(alpha));
    }

    /** log(1 + e^x), the "soft ReLU", computed stably. */
    public static Module softplus() {
        return new StatelessModule("Softplus", Tensor::softplus);
    }

    /** Returns its input unchanged. */
    public static Module identity() {
        return new StatelessModule("Identity", x -> x);
    }

    /** Softmax along {@code dim} (negative counts from the end). */
    public static Module softmax(int dim) {
        return new StatelessModule("Softmax(dim=" + dim + ")", x -> x.softmax(dim));
    }

    /** Log-softmax along {@code dim}: {@code x − logΣexp(x)}, stable. */
    public static Module logSoftmax(int dim) {
        return new StatelessModule("LogSoftmax(dim=" + dim + ")", x -> x.logSoftmax(dim));
    }

    /** A {@link Maxout} layer: {@code in → out} features, each the max of {@code k} linear pieces. */
    public static Maxout maxout(long in, long out, int k, long seed) {
        return new Maxout(in, out, k, seed);
    }
}
