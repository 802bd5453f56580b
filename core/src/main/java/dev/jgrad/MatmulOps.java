package dev.jgrad;

import dev.jgrad.spi.Layout;
import dev.jgrad.spi.View;
import java.util.Arrays;

/**
 * {@code torch.matmul} semantics. The VJPs are two more matmuls on transposed views,
 * {@code dA = dY·Bᵀ} and {@code dB = Aᵀ·dY}: the backend reads the transposes from the layouts, so no
 * transposed copy and no Jacobian is ever made.
 */
final class MatmulOps {
    private MatmulOps() {
    }

    static Tensor matmul(Tensor a, Tensor b) {
        a.checkOpen("matmul");
        b.checkOpen("matmul");
        Checks.sameDevice("matmul", a, b);
        Checks.sameDType("matmul", a, b);
        Checks.floating("matmul", a);
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul: both operands need rank >= 1, got " + a.describe() + " and "
                    + b.describe() + " (use mul for scalars)");
        }
        if (a.rank() >= 2 && b.rank() >= 2) {
            return batched(a, b);
        }
        return withVector(a, b);
    }

    /**
     * dot, vec·mat and mat·vec as one node (what the user wrote), computed through the batched product of
     * unsqueezed views; the VJPs are the same two products with the vector dims put back.
     */
    private static Tensor withVector(Tensor a, Tensor b) {
        Tensor y;
        try (Scope s = GradMode.set(false)) {
            if (a.rank() == 1 && b.rank() == 1) {
                checkInner(a, b, a.shape()[0], b.shape()[0]);
                y = batched(a.unsqueeze(0), b.unsqueeze(1)).reshape();
            } else if (a.rank() == 1) {
                y = batched(a.unsqueeze(0), b).squeeze(-2);
            } else {
                y = batched(a, b.unsqueeze(-1)).squeeze(-1);
            }
        }
        long[] as = a.shape();
        long[] bs = b.shape();
        Tensor[] saved = b.requiresGrad() && a.requiresGrad() ? Graph.of(a, b)
                : b.requiresGrad() ? Graph.of(a) : Graph.of(b);
        return Graph.record("matmul", y, Graph.of(a, b), saved, (g, need) -> {
            if (a.rank() == 1 && b.rank() == 1) {          // y = Σ aᵢbᵢ
                return new Tensor[] {need[0] ? g.mul(b) : null, need[1] ? g.mul(a) : null};
            }
            if (a.rank() == 1) {                           // y[..., m] = Σₖ a[k]·b[..., k, m]
                return new Tensor[] {
                    need[0] ? ReduceOps.sumTo(b.matmul(g.unsqueeze(-1)).squeeze(-1), as) : null,
                    need[1] ? ReduceOps.sumTo(a.unsqueeze(-1).matmul(g.unsqueeze(-2)), bs) : null};
            }
            return new Tensor[] {                          // y[..., n] = Σₖ a[..., n, k]·b[k]
                need[0] ? ReduceOps.sumTo(g.unsqueeze(-1).matmul(b.unsqueeze(0)), as) : null,
                need[1] ? ReduceOps.sumTo(a.transpose().matmul(g.unsqueeze(-1)).squeeze(-1), bs) : null};
        });
    }

    private static void checkInner(Tensor a, Tensor b, long ka, long kb) {
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + a.describe() + " x "
                    + b.describe() + " (" + ka + " vs " + kb + ")");
        }
    }

    /** (B..., n, k) x (B'..., k, m) with the batch dims broadcast. */
    private static Tensor batched(Tensor a, Tensor b) {
        long[] as = a.shape();
        long[] bs = b.shape();
        long n = as[as.length - 2];
        long k = as[as.length - 1];
        long m = bs[bs.length - 1];
        checkInner(a, b, k, bs[bs.length - 2]);
        long[] batch = Layout.broadcastShapes(Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        if (batch == null) {
            throw new IllegalArgumentException("matmul: batch dims are not broadcast-compatible: " + a.describe()
                    + " x " + b.describe());
        }
        Layout aL = a.layout.broadcastTo(concat(batch, n, k));
        Layout bL = b.layout.broadcastTo(concat(batch, k, m));
        Tensor y = Tensor.empty(a.backend(), a.dtype(), concat(batch, n, m));
        a.backend().matmul(new View(a.storage.storage, aL), new View(b.storage.storage, bL), y.view());
        // save A only if B needs a gradient, and B only if A does
        Tensor[] saved = b.requiresGrad() && a.requiresGrad() ? Graph.of(a, b)
                : b.requiresGrad() ? Graph.of(a) : Graph.of(b);
        return Graph.record("matmul", y, Graph.of(a, b), saved, (g, need) -> new Tensor[] {
            need[0] ? ReduceOps.sumTo(g.matmul(b.transpose()), as) : null,
            need[1] ? ReduceOps.sumTo(a.transpose().matmul(g), bs) : null});
    }

    private static long[] concat(long[] batch, long r, long c) {
        long[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = r;
        s[batch.length + 1] = c;
        return s;
    }
}
