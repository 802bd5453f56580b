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
        if (a.rank() == 1 && b.rank() == 1) {
            checkInner(a, b, a.shape()[0], b.shape()[0]);
            return batched(a.unsqueeze(0), b.unsqueeze(1)).reshape();
        }
        if (a.rank() == 1) {
            return batched(a.unsqueeze(0), b).squeeze(-2);
        }
        if (b.rank() == 1) {
            return batched(a, b.unsqueeze(-1)).squeeze(-1);
        }
        return batched(a, b);
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
