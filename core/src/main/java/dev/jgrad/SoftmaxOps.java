package dev.jgrad;

/** Softmax and log-softmax along a dim (fused in the backend where it can), with their VJPs. */
final class SoftmaxOps {
    private SoftmaxOps() {
    }

    private static Tensor run(String name, Tensor x, int d, boolean log) {
        x.checkOpen(name);
        Checks.floating(name, x);
        Tensor y = Tensor.empty(x.backend(), x.dtype(), x.shape());
        if (log) {
            x.backend().logSoftmax(x.view(), d, y.view());
        } else {
            x.backend().softmax(x.view(), d, y.view());
        }
        return y;
    }

    static Tensor softmax(Tensor x, int dim) {
        int d = Checks.dim("softmax", x, dim);
        Tensor y = run("softmax", x, d, false);
        // J = diag(y) − y·yᵀ per row, applied without forming it: y ⊙ (g − Σ g⊙y)
        return Graph.record("softmax", y, Graph.of(x), Graph.of(y),
                (g, n) -> new Tensor[] {y.mul(g.sub(g.mul(y).sum(d, true)))});
    }

    static Tensor logSoftmax(Tensor x, int dim) {
        int d = Checks.dim("logSoftmax", x, dim);
        Tensor y = run("logSoftmax", x, d, true);
        // g − softmax(x)·Σ g, with softmax(x) = e^y
        return Graph.record("logSoftmax", y, Graph.of(x), Graph.of(y),
                (g, n) -> new Tensor[] {g.sub(y.exp().mul(g.sum(d, true)))});
    }
}
