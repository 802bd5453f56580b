package dev.jgrad.nn;

import dev.jgrad.Autograd;
import dev.jgrad.Device;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import dev.jgrad.TensorScope;

/**
 * Base for modules: keeps the train/eval flag and has the helpers that turn tensors into long-lived
 * parameters. Extend it for your own modules:
 *
 * <pre>{@code
 * final class Scale extends AbstractModule {
 *     private Tensor s = parameter(Tensor.ones(DType.F32, 1));
 *     public Tensor forward(Tensor x) { return x.mul(s); }
 *     public List<Tensor> parameters() { return List.of(s); }
 *     public Module to(Device d) { s = moveParameter(s, d); return this; }
 * }
 * }</pre>
 */
public abstract class AbstractModule implements Module {
    private boolean training = true;

    @Override
    public Module train(boolean mode) {
        this.training = mode;
        return this;
    }

    @Override
    public boolean isTraining() {
        return training;
    }

    /**
     * Makes {@code t} a parameter: a leaf that requires grad and that no {@link TensorScope} closes
     * (a module usually outlives the scope it was built in). Returns {@code t}.
     */
    protected static Tensor parameter(Tensor t) {
        TensorScope.persist(t);
        return t.requiresGrad(true);
    }

    /**
     * A copy of parameter {@code p} on {@code d}, made a parameter itself; {@code p} when it already
     * lives there. The old tensor is left open: the caller may still hold it (e.g. to compare).
     */
    protected static Tensor moveParameter(Tensor p, Device d) {
        if (p.device().equals(d)) {
            return p;
        }
        Tensor moved;
        try (Scope g = Autograd.noGrad()) {
            moved = p.to(d);   // no graph recorded: the copy is a fresh leaf
        }
        return parameter(moved);
    }
}
