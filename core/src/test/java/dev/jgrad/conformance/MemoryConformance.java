package dev.jgrad.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.TensorScope;
import org.junit.jupiter.api.Test;

/**
 * Explicit memory: close() frees and later use throws IllegalStateException; TensorScope closes
 * what was created inside except what is kept; views and bases close independently.
 */
@SuppressWarnings("try")  // scopes opened only for their effect on close
public abstract class MemoryConformance extends BackendTestBase {

    @Test
    void useAfterCloseThrows() {
        Tensor t = Tensor.of(new double[] {1, 2}, 2);
        Tensor other = Tensor.of(new double[] {3, 4}, 2);
        t.close();
        assertTrue(t.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, t::toDoubleArray);
        assertMessageMentions(e, "closed");
        assertThrows(IllegalStateException.class, () -> t.add(1.0));
        assertThrows(IllegalStateException.class, () -> other.add(t));
        assertThrows(IllegalStateException.class, t::item);
        assertClose(new double[] {3, 4}, other, 0.0);   // the other operand is untouched
    }

    @Test
    void scopeClosesWhatWasCreatedInsideExceptKept() {
        Tensor outside = Tensor.of(new double[] {1, 2}, 2);
        Tensor a;
        Tensor b;
        Tensor kept;
        try (TensorScope s = TensorScope.open()) {
            a = Tensor.of(new double[] {10, 20}, 2);
            b = a.add(outside);
            kept = s.keep(b.mul(2.0));
        }
        assertTrue(a.isClosed());
        assertTrue(b.isClosed());
        assertFalse(kept.isClosed());
        assertFalse(outside.isClosed(), "tensors created before the scope are not its business");
        assertClose(new double[] {22, 44}, kept, 0.0);
    }

    @Test
    void keptTensorsMoveToTheEnclosingScope() {
        Tensor inner;
        try (TensorScope outer = TensorScope.open()) {
            try (TensorScope s = TensorScope.open()) {
                inner = s.keep(Tensor.ones(DType.F32, 3));
            }
            assertFalse(inner.isClosed());
        }
        assertTrue(inner.isClosed(), "the enclosing scope closes what the inner one kept");
    }

    @Test
    void persistSurvivesEveryScope() {
        Tensor p;
        try (TensorScope outer = TensorScope.open()) {
            try (TensorScope s = TensorScope.open()) {
                p = TensorScope.persist(Tensor.full(3, DType.F64, 2));
            }
        }
        assertFalse(p.isClosed());
        assertClose(new double[] {3, 3}, p, 0.0);
    }

    @Test
    void leafGradientsOutliveTheScope() {
        Tensor w = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        try (TensorScope s = TensorScope.open()) {
            w.square().sum().backward();
        }
        assertFalse(w.grad().isClosed());
        assertClose(new double[] {2, 4}, w.grad(), 0.0);
    }

    @Test
    void closingAViewLeavesTheBaseUsable() {
        Tensor base = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor t = base.transpose();
        Tensor r = base.reshape(3, 2);
        Tensor b = Tensor.of(new double[] {1, 2, 3}, 3).broadcastTo(2, 3);
        t.close();
        r.close();
        b.close();
        assertTrue(t.isClosed());
        assertFalse(base.isClosed());
        assertClose(new double[] {1, 2, 3, 4, 5, 6}, base, 0.0);
        assertClose(new double[] {2, 3, 4, 5, 6, 7}, base.add(1.0), 0.0);
        assertClose(new double[] {1, 4, 2, 5, 3, 6}, base.transpose(), 0.0);
    }

    @Test
    void manyShortLivedTensorsInScopes() {
        // a training-loop-like pattern: every step's temporaries die with its scope
        Tensor acc = TensorScope.persist(Tensor.zeros(DType.F32, 64, 64));
        for (int step = 0; step < 50; step++) {
            try (TensorScope s = TensorScope.open()) {
                Tensor x = Tensor.randn(step, DType.F32, 64, 64);
                Tensor y = x.matmul(x.transpose()).mul(0.0).add(1.0);
                acc = s.keep(acc.add(y));
            }
        }
        assertClose(filled(64 * 64, 50), acc, 0.0);
    }
}
