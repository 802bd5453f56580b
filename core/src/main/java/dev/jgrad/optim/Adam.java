package dev.jgrad.optim;

import dev.jgrad.Tensor;

import java.util.List;

/**
 * Adam (Kingma &amp; Ba 2015) with {@code torch.optim.Adam}'s update; step t counts from 1:
 * <pre>
 *   g = grad + weightDecay·p                       (L2 penalty folded into the gradient)
 *   m = β1·m + (1−β1)·g ;  v = β2·v + (1−β2)·g²
 *   p = p − lr · (m / (1−β1^t)) / (√(v / (1−β2^t)) + eps)
 * </pre>
 * Defaults: β1 = 0.9, β2 = 0.999, eps = 1e-8, weightDecay = 0. For decoupled decay use {@link AdamW}.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(net.parameters(), 1e-3);
 * }</pre>
 */
public class Adam extends AbstractOptimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private final Tensor[] m;
    private final Tensor[] v;
    private final long[] steps;

    public Adam(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0.0);
    }

    public Adam(List<Tensor> params, double lr, double weightDecay) {
        this(params, lr, 0.9, 0.999, 1e-8, weightDecay);
    }

    public Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        this("Adam", params, lr, beta1, beta2, eps, weightDecay, false);
    }

    /** For {@link AdamW}: {@code decoupled} applies the decay to the weights, not the gradient. */
    Adam(String name, List<Tensor> params, double lr, double beta1, double beta2, double eps,
         double weightDecay, boolean decoupled) {
        super(name, params, lr);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException(name + ": betas must be in [0, 1), got (" + beta1 + ", " + beta2 + ")");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = checkNonNegative(name, "eps", eps);
        this.weightDecay = checkNonNegative(name, "weight decay", weightDecay);
        this.decoupled = decoupled;
        int n = this.params.size();
        this.m = new Tensor[n];
        this.v = new Tensor[n];
        this.steps = new long[n];
    }

    @Override
    protected void update(int i, Tensor p, Tensor grad) {
        if (m[i] == null) {
            m[i] = newState(p);
            v[i] = newState(p);
        }
        long t = ++steps[i];
        double lr = learningRate();
        Tensor g = grad;
        if (weightDecay != 0) {
            if (decoupled) {
                p.assign(p.mul(1 - lr * weightDecay));
            } else {
                g = g.add(p.mul(weightDecay));
            }
        }
        m[i].assign(m[i].mul(beta1).add(g.mul(1 - beta1)));
        v[i].assign(v[i].mul(beta2).add(g.square().mul(1 - beta2)));
        // bias corrections are host scalars (t is counted here), so no device value is read back
        double stepSize = lr / (1 - Math.pow(beta1, t));
        double sqrtCorrection = Math.sqrt(1 - Math.pow(beta2, t));
        Tensor denom = v[i].sqrt().div(sqrtCorrection).add(eps);
        p.assign(p.sub(m[i].div(denom).mul(stepSize)));
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double eps() {
        return eps;
    }

    public double weightDecay() {
        return weightDecay;
    }
}
