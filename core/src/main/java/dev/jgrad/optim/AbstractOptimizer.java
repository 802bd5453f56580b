package dev.jgrad.optim;

import dev.jgrad.Autograd;
import dev.jgrad.Device;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import dev.jgrad.TensorScope;

import java.util.Arrays;
import java.util.List;

/**
 * What every optimizer here shares: the parameter list, the learning rate, {@link #zeroGrad()}, and
 * running each update under no-grad inside a {@link TensorScope}, so the temporaries of a step are
 * freed at once (on the GPU they would otherwise wait for the garbage collector).
 *
 * <pre>{@code
 * final class SignSGD extends AbstractOptimizer {
 *     SignSGD(List<Tensor> params, double lr) { super("SignSGD", params, lr); }
 *     protected void update(int i, Tensor p, Tensor grad) {
 *         p.assign(p.sub(grad.div(grad.abs().add(1e-12)).mul(learningRate())));
 *     }
 * }
 * }</pre>
 */
public abstract class AbstractOptimizer implements Optimizer {
    protected final List<Tensor> params;
    private double lr;

    protected AbstractOptimizer(String name, List<Tensor> params, double lr) {
        this.params = List.copyOf(params);
        for (int i = 0; i < this.params.size(); i++) {
            Tensor p = this.params.get(i);
            if (!p.dtype().isFloating()) {
                throw new IllegalArgumentException(name + ": parameter " + i + " " + Arrays.toString(p.shape())
                        + " is " + p.dtype() + "; only F32/F64 tensors can be optimised");
            }
        }
        this.lr = checkRate(name, lr);
    }

    @Override
    public final void step() {
        try (Scope g = Autograd.noGrad(); TensorScope s = TensorScope.open()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                Tensor grad = p.grad();
                if (grad != null) {
                    update(i, p, grad);
                }
            }
        }
    }

    /**
     * Updates parameter {@code i} in place from {@code grad} ({@code Tensor.assign}); runs under no-grad,
     * and tensors it creates are closed after the step unless made state with {@link #newState}.
     */
    protected abstract void update(int i, Tensor p, Tensor grad);

    /** A zero tensor shaped like {@code p} on p's device that outlives the step's scope. */
    protected static Tensor newState(Tensor p) {
        try (Scope d = Device.with(p.device())) {
            Tensor state = Tensor.zeros(p.dtype(), p.shape());
            TensorScope.persist(state);
            return state;
        }
    }

    @Override
    public void zeroGrad() {
        for (Tensor p : params) {
            p.zeroGrad();
        }
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(double lr) {
        this.lr = checkRate(getClass().getSimpleName() + ".setLearningRate", lr);
    }

    /** The parameters, in the order given. */
    public List<Tensor> parameters() {
        return params;
    }

    private static double checkRate(String op, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(op + ": learning rate must be finite and >= 0, got " + lr);
        }
        return lr;
    }

    static double checkNonNegative(String op, String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(op + ": " + what + " must be finite and >= 0, got " + v);
        }
        return v;
    }
}
