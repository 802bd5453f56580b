package dev.jgrad.nn;

import dev.jgrad.Device;
import dev.jgrad.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Maxout (Goodfellow et al. 2013): each of the {@code out} features is the maximum of {@code k} linear
 * pieces, {@code y_o = max_j (x · W_{o,j}ᵀ + b_{o,j})}. ReLU is the special case of two pieces, one of
 * them fixed at zero.
 *
 * <pre>{@code
 * Maxout m = new Maxout(2, 16, 3, 42);   // 16 features, 3 pieces each
 * Tensor h = m.forward(x);               // x: (N, 2) -> h: (N, 16)
 * }</pre>
 *
 * <p>The pieces are one {@link Linear} of {@code out·k} features (row {@code o·k + j} is piece j of
 * feature o), so the parameters are named {@code "weight"} (out·k, in) and {@code "bias"} (out·k) and
 * initialised like a Linear layer. The gradient reaches the first maximal piece (as {@code max(dim)}).
 */
public class Maxout extends AbstractModule {
    private final long out;
    private final int k;
    private final Linear pieces;

    public Maxout(long in, long out, int k, long seed) {
        if (k < 1 || out < 1) {
            throw new IllegalArgumentException("Maxout: need out >= 1 and k >= 1 pieces, got out=" + out + ", k=" + k);
        }
        this.out = out;
        this.k = k;
        this.pieces = new Linear(in, out * k, seed);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor z = pieces.forward(x);                        // (..., out·k)
        long[] shape = z.shape();
        long[] split = Arrays.copyOf(shape, shape.length + 1);
        split[shape.length - 1] = out;
        split[shape.length] = k;
        return z.reshape(split).max(-1, false);              // (..., out)
    }

    /** The underlying {@code out·k}-feature linear map. */
    public Linear pieces() {
        return pieces;
    }

    public int k() {
        return k;
    }

    @Override
    public List<Tensor> parameters() {
        return pieces.parameters();
    }

    @Override
    public Map<String, Tensor> namedParameters() {
        return pieces.namedParameters();
    }

    @Override
    public Maxout to(Device d) {
        pieces.to(d);
        return this;
    }

    @Override
    public String toString() {
        return "Maxout(in=" + pieces.inFeatures() + ", out=" + out + ", k=" + k + ")";
    }
}
