package dev.jgrad.optim;

import dev.jgrad.Tensor;

import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter 2019), as {@code torch.optim.AdamW}: each
 * step first shrinks the weights, {@code p = p·(1 − lr·weightDecay)}, then takes the plain
 * {@link Adam} step (the decay never enters the moment estimates). Default weight decay 0.01.
 *
 * <pre>{@code
 * Optimizer opt = new AdamW(net.parameters(), 1e-3, 0.01);
 * }</pre>
 */
public class AdamW extends Adam {

    public AdamW(List<Tensor> params, double lr) {
        this(params, lr, 0.01);
    }

    public AdamW(List<Tensor> params, double lr, double weightDecay) {
        this(params, lr, 0.9, 0.999, 1e-8, weightDecay);
    }

    public AdamW(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super("AdamW", params, lr, beta1, beta2, eps, weightDecay, true);
    }
}
