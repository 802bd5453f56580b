package dev.jgrad;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Entry points of the autograd engine beyond {@link Tensor#backward()}.
 *
 * <pre>{@code
 * // Hessian-vector product of f(x) = Σ x³: H·v = 6x ⊙ v
 * Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
 * Tensor v = Tensor.of(new double[] {1, 0, -1});
 * Tensor g = Autograd.grad(x.pow(3).sum(), List.of(x), null, true, true).get(0);
 * Tensor hv = Autograd.grad(g.mul(v).sum(), List.of(x), null, false, false).get(0);   // [6, 0, -18]
 * }</pre>
 */
public final class Autograd {
    private Autograd() {
    }

    /**
     * d(output)/d(inputs) contracted with {@code gradOutput} (null = ones, for a scalar output). Leaves'
     * {@code grad} fields are not touched. An input the output does not depend on gets zeros.
     * With {@code createGraph} the results are differentiable again (higher-order gradients).
     */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs, Tensor gradOutput,
                                    boolean retainGraph, boolean createGraph) {
        Objects.requireNonNull(output, "Autograd.grad: output is null");
        Objects.requireNonNull(inputs, "Autograd.grad: inputs is null");
        return Engine.grad(output, inputs, gradOutput, retainGraph, createGraph);
    }

    /** Turns graph recording off on this thread until the scope closes. */
    public static Scope noGrad() {
        return GradMode.set(false);
    }

    /** Turns graph recording back on on this thread (inside a {@link #noGrad()} region) until the scope closes. */
    public static Scope enableGrad() {
        return GradMode.set(true);
    }

    public static boolean isGradEnabled() {
        return GradMode.isEnabled();
    }

    /**
     * A user-defined differentiable op, like {@code torch.autograd.Function}: {@code forward} runs without
     * recording; {@code backward} gets the inputs and the upstream gradient and returns one gradient per
     * input (null for none), written with Tensor ops.
     *
     * <pre>{@code
     * Tensor y = Autograd.custom("cube", List.of(x),
     *         in -> in.get(0).pow(3),
     *         (in, g) -> List.of(g.mul(in.get(0).square().mul(3))));
     * }</pre>
     */
    public static Tensor custom(String name, List<Tensor> inputs, Function<List<Tensor>, Tensor> forward,
                                BiFunction<List<Tensor>, Tensor, List<Tensor>> backward) {
        Objects.requireNonNull(name, "Autograd.custom: name is null");
        List<Tensor> ins = List.copyOf(inputs);
        for (Tensor t : ins) {
            t.checkOpen(name);
        }
        Tensor out;
        try (Scope s = GradMode.set(false)) {
            out = forward.apply(ins);
        }
        if (out == null) {
            throw new IllegalStateException(name + ": custom forward returned null");
        }
        for (Tensor t : ins) {
            if (out == t) {     // the output must be a node of its own
                out = t.detach();
                break;
            }
        }
        Tensor[] inArray = ins.toArray(new Tensor[0]);
        return Graph.record(name, out, inArray, inArray, (g, needs) -> {
            List<Tensor> grads = backward.apply(ins, g);
            if (grads == null || grads.size() != ins.size()) {
                throw new IllegalStateException(name + ": custom backward must return " + ins.size()
                        + " gradients (null for none), got " + (grads == null ? "null" : grads.size()));
            }
            return new ArrayList<>(grads).toArray(new Tensor[0]);
        });
    }

    /**
     * Inside this scope a NaN or Inf produced by an op's forward, or by a VJP in backward, throws
     * {@link IllegalStateException} at that op, naming it, its input shapes and where it was created.
     * Costs a device-to-host read per op: a debugging tool.
     */
    public static Scope detectAnomaly() {
        return Anomaly.enable();
    }

    /**
     * Records the staged forward and backward values of the graphs built on this thread inside it; see
     * {@link Trace}. Tracing reads values to the host; it never changes a result.
     */
    public static Trace trace() {
        return TraceRecorder.open();
    }
}
