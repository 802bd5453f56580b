package dev.jgrad.bench;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;

/**
 * The lectures' 2-layer network: h = σ(x·w1), ŷ = h·w2, loss = Σ(ŷ − y)², trained by plain gradient
 * descent (N=64, D_in=1000, H=100, D_out=10, learning rate 1e-4 in the lecture). Written with Tensor ops;
 * autograd replaces the lecture's hand-derived backward pass.
 */
public final class TwoLayerNet {
    public final Tensor x;
    public final Tensor y;
    public final Tensor w1;
    public final Tensor w2;

    public TwoLayerNet(long seed, DType dtype, int n, int dIn, int h, int dOut) {
        x = Tensor.randn(seed, dtype, n, dIn);
        y = Tensor.randn(seed + 1, dtype, n, dOut);
        w1 = Tensor.randn(seed + 2, dtype, dIn, h).requiresGrad(true);
        w2 = Tensor.randn(seed + 3, dtype, h, dOut).requiresGrad(true);
    }

    /** The lecture's sizes. */
    public static TwoLayerNet lecture(long seed, DType dtype) {
        return new TwoLayerNet(seed, dtype, 64, 1000, 100, 10);
    }

    /** Summed squared error of the current weights (records the graph when grad mode is on). */
    public Tensor loss() {
        Tensor hidden = x.matmul(w1).sigmoid();
        Tensor pred = hidden.matmul(w2);
        return pred.sub(y).square().sum();
    }

    /**
     * Frees the weights' gradients now and forgets them. Gradients are persisted (they outlive every
     * TensorScope), so closing them here is what keeps device memory flat across many steps.
     */
    public void clearGrads() {
        for (Tensor w : new Tensor[] {w1, w2}) {
            Tensor g = w.grad();
            w.zeroGrad();
            if (g != null) {
                g.close();
            }
        }
    }

    /** One step: forward, backward, w -= lr·grad. Returns the loss before the step. */
    public double step(double lr) {
        Tensor loss = loss();
        clearGrads();
        loss.backward();
        try (Scope g = Autograd.noGrad()) {
            w1.addScaledAssign(w1.grad(), -lr);   // w −= lr·grad in one pass (PyTorch: w.add_(grad, alpha=-lr))
            w2.addScaledAssign(w2.grad(), -lr);
        }
        return loss.item();
    }
}
