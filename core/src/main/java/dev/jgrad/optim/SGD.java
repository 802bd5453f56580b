package dev.jgrad.optim;

import dev.jgrad.Tensor;

import java.util.List;

/**
 * Stochastic gradient descent with optional momentum (classical or Nesterov) and L2 weight decay,
 * with {@code torch.optim.SGD}'s update (dampening 0):
 * <pre>
 *   g = grad + weightDecay·p
 *   v = momentum·v + g                 (v starts at 0, so the first step has v = g)
 *   p = p − lr·(nesterov ? g + momentum·v : v)
 * </pre>
 * Without momentum it is {@code p = p − lr·g}.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(net.parameters(), 0.1, 0.9, 1e-4);
 * }</pre>
 */
public class SGD extends AbstractOptimizer {
    private final double momentum;
    private final double weightDecay;
    private final boolean nesterov;
    private final Tensor[] velocity;

    public SGD(List<Tensor> params, double lr) {
        this(params, lr, 0.0, 0.0, false);
    }

    public SGD(List<Tensor> params, double lr, double momentum, double weightDecay) {
        this(params, lr, momentum, weightDecay, false);
    }

    /** @param nesterov use Nesterov momentum (needs momentum > 0) */
    public SGD(List<Tensor> params, double lr, double momentum, double weightDecay, boolean nesterov) {
        super("SGD", params, lr);
        this.momentum = checkNonNegative("SGD", "momentum", momentum);
        this.weightDecay = checkNonNegative("SGD", "weight decay", weightDecay);
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0");
        }
        this.nesterov = nesterov;
        this.velocity = new Tensor[this.params.size()];
    }

    @Override
    protected void update(int i, Tensor p, Tensor grad) {
        Tensor g = weightDecay != 0 ? grad.add(p.mul(weightDecay)) : grad;
        if (momentum != 0) {
            if (velocity[i] == null) {
                velocity[i] = newState(p);
            }
            Tensor v = velocity[i].assign(velocity[i].mul(momentum).add(g));
            g = nesterov ? g.add(v.mul(momentum)) : v;
        }
        p.addScaledAssign(g, -learningRate());   // one fused pass where the backend has one
    }

    public double momentum() {
        return momentum;
    }

    public double weightDecay() {
        return weightDecay;
    }

    public boolean nesterov() {
        return nesterov;
    }
}
