package dev.jgrad.nn;

import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fully connected layer {@code y = x · Wᵀ + b} with {@code W} of shape {@code (out, in)} and {@code b}
 * of shape {@code (out)}, like {@code torch.nn.Linear}.
 *
 * <pre>{@code
 * Linear fc = new Linear(2, 100, 42);     // F32, W and b ~ U(−1/√2, 1/√2) drawn from seed 42
 * Tensor h = fc.forward(x);               // x: (N, 2) -> h: (N, 100)
 * }</pre>
 *
 * <p>The default initialisation is PyTorch's: {@code W, b ~ U(−1/√in, 1/√in)}; the same seed gives the
 * same layer on every backend. Use {@link #Linear(Tensor, Tensor)} to start from chosen weights
 * (e.g. {@link Init#heNormal}, or zeros).
 */
public class Linear extends AbstractModule {
    private final long in;
    private final long out;
    private Tensor weight;
    private Tensor bias;

    /** A layer on the default device with PyTorch's default initialisation drawn from {@code seed}. */
    public Linear(long in, long out, long seed) {
        this(defaultInit(in, out, seed, true), defaultInit(in, out, seed, false));
    }

    /**
     * A layer using {@code weight} (out, in) and {@code bias} (out) themselves as its parameters (not
     * copies): they become leaves that require grad. Both must be floating, of one dtype and device.
     */
    public Linear(Tensor weight, Tensor bias) {
        if (weight.rank() != 2 || bias.rank() != 1 || bias.shape()[0] != weight.shape()[0]) {
            throw new IllegalArgumentException("Linear: weight must be (out, in) and bias (out), got weight "
                    + Arrays.toString(weight.shape()) + " and bias " + Arrays.toString(bias.shape()));
        }
        if (!weight.dtype().isFloating() || weight.dtype() != bias.dtype()) {
            throw new IllegalArgumentException("Linear: weight and bias need one floating dtype, got "
                    + weight.dtype() + " and " + bias.dtype());
        }
        if (!weight.isLeaf() || !bias.isLeaf()) {
            throw new IllegalArgumentException("Linear: weight and bias must be leaves (results of an op with a graph"
                    + " would never receive gradients); pass t.detach()");
        }
        if (!weight.device().equals(bias.device())) {
            throw new IllegalArgumentException("Linear: weight on " + weight.device() + " but bias on "
                    + bias.device());
        }
        this.out = weight.shape()[0];
        this.in = weight.shape()[1];
        this.weight = parameter(weight);
        this.bias = parameter(bias);
    }

    /** Weight (seed stream 0) or bias (seed stream 1) of PyTorch's default init. */
    private static Tensor defaultInit(long in, long out, long seed, boolean isWeight) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Linear: in and out must be positive, got in=" + in + ", out=" + out);
        }
        double bound = 1.0 / Math.sqrt(in);
        return isWeight
                ? Init.uniform(Seeds.derive(seed, 0), DType.F32, bound, out, in)
                : Init.uniform(Seeds.derive(seed, 1), DType.F32, bound, out);
    }

    /** {@code x · Wᵀ + b}; {@code x} is (..., in). */
    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 1 || x.shape()[x.rank() - 1] != in) {
            throw new IllegalArgumentException("Linear.forward: expected input (..., " + in + "), got "
                    + Arrays.toString(x.shape()) + " (weight " + Arrays.toString(weight.shape()) + ")");
        }
        return x.matmul(weight.transpose()).add(bias);
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    public long inFeatures() {
        return in;
    }

    public long outFeatures() {
        return out;
    }

    @Override
    public List<Tensor> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> named = new LinkedHashMap<>();
        named.put("weight", weight);
        named.put("bias", bias);
        return named;
    }

    @Override
    public Linear to(Device d) {
        weight = moveParameter(weight, d);
        bias = moveParameter(bias, d);
        return this;
    }

    @Override
    public String toString() {
        return "Linear(in=" + in + ", out=" + out + ", " + weight.dtype() + ", " + weight.device() + ")";
    }
}
