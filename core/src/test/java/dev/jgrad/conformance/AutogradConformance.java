package dev.jgrad.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The autograd engine's contract: accumulation, zeroGrad, detach, thread-local no-grad,
 * backward variants, graph release and retention, Autograd.grad with createGraph,
 * Autograd.custom, and a very deep graph without stack overflow.
 */
public abstract class AutogradConformance extends BackendTestBase {

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void fanOutAccumulates(DType dt) {
        // y = x·x + exp(x) + x: dy/dx = 2x + e^x + 1, x used three times
        double[] xv = {-1, 0.5, 2};
        Tensor x = tensor(dt, xv, 3).requiresGrad(true);
        x.mul(x).add(x.exp()).add(x).sum().backward();
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = 2 * xv[i] + Math.exp(xv[i]) + 1;
        }
        assertClose(expected, x.grad(), tol(dt));
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void leafGradAccumulatesAcrossBackwardCalls(DType dt) {
        Tensor x = tensor(dt, new double[] {1, 2, 3}, 3).requiresGrad(true);
        x.mul(2.0).sum().backward();
        assertClose(new double[] {2, 2, 2}, x.grad(), 0.0);
        x.square().sum().backward();    // adds 2x
        assertClose(new double[] {4, 6, 8}, x.grad(), 0.0);
        assertTrue(x.isLeaf());
        assertEquals(dt, x.grad().dtype());
    }

    @Test
    void zeroGradClears() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        x.mul(3.0).sum().backward();
        x.zeroGrad();
        Tensor g = x.grad();
        assertTrue(g == null || Arrays.stream(g.toDoubleArray()).allMatch(v -> v == 0.0),
                "after zeroGrad the gradient is null or zero");
        x.mul(5.0).sum().backward();
        assertClose(new double[] {5, 5}, x.grad(), 0.0);
    }

    @Test
    void detachStopsTheGradient() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor y = x.mul(3.0);
        Tensor d = y.detach();
        assertFalse(d.requiresGrad());
        assertClose(new double[] {3, 6}, d, 0.0);
        // f = Σ x ⊙ detach(3x): df/dx = 3x only through the first factor
        x.mul(d).sum().backward();
        assertClose(new double[] {3, 6}, x.grad(), 0.0);
    }

    @Test
    @SuppressWarnings("try")
    void noGradIsThreadLocal() throws Exception {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        assertTrue(Autograd.isGradEnabled());
        AtomicReference<Object> other = new AtomicReference<>();
        Device dev = device();
        try (Scope g = Autograd.noGrad()) {
            assertFalse(Autograd.isGradEnabled());
            Tensor y = x.mul(2.0);
            assertFalse(y.requiresGrad(), "no graph is recorded under noGrad");
            Thread t = new Thread(() -> {
                try (Scope s = Device.with(dev)) {
                    Tensor z = x.mul(2.0);
                    other.set(new boolean[] {Autograd.isGradEnabled(), z.requiresGrad()});
                } catch (Throwable e) {
                    other.set(e);
                }
            });
            t.start();
            t.join();
        }
        assertTrue(Autograd.isGradEnabled(), "noGrad is restored on close");
        if (other.get() instanceof Throwable e) {
            throw new AssertionError("the other thread failed", e);
        }
        boolean[] seen = (boolean[]) other.get();
        assertTrue(seen[0], "another thread still has grad mode on");
        assertTrue(seen[1], "another thread still records the graph");
    }

    @Test
    @SuppressWarnings("try")
    void noGradNests() {
        try (Scope a = Autograd.noGrad()) {
            try (Scope b = Autograd.noGrad()) {
                assertFalse(Autograd.isGradEnabled());
            }
            assertFalse(Autograd.isGradEnabled(), "the outer noGrad is still open");
        }
        assertTrue(Autograd.isGradEnabled());
    }

    @Test
    void requiresGradOnI32Throws() {
        Tensor labels = Tensor.of(new int[] {1, 2}, 2);
        RuntimeException e = assertThrowsEither(() -> labels.requiresGrad(true));
        assertMessageMentions(e, "I32");
        assertFalse(labels.requiresGrad());
    }

    @Test
    void backwardOnNonScalarWithoutGradientThrows() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor y = x.mul(2.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertMessageMentions(e, "backward");
        assertNull(x.grad(), "a failed backward leaves no gradient behind");
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void backwardWithGradOutput(DType dt) {
        Tensor x = tensor(dt, new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
        x.mul(3.0).backward(tensor(dt, new double[] {1, -1, 0.5, 2}, 2, 2));
        assertClose(new double[] {3, -3, 1.5, 6}, x.grad(), 0.0);
    }

    @Test
    void secondBackwardThroughReleasedGraphThrows() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor loss = x.exp().sum();   // exp saves its output: released after the first backward
        loss.backward();
        double[] first = x.grad().toDoubleArray();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertMessageMentions(e, "retain");
        assertClose(first, x.grad(), 0.0);   // state intact: the failed call added nothing
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor loss = x.exp().sum();
        List<Tensor> g1 = Autograd.grad(loss, List.of(x), null, true, false);
        List<Tensor> g2 = Autograd.grad(loss, List.of(x), null, true, false);
        double[] e = {Math.exp(1), Math.exp(2)};
        assertClose(e, g1.get(0), 1e-12);
        assertClose(e, g2.get(0), 1e-12);
        assertNull(x.grad(), "Autograd.grad returns gradients without accumulating into .grad");
        loss.backward();
        assertClose(e, x.grad(), 1e-12);
    }

    @Test
    void autogradGradWithGradOutputAndCreateGraph() {
        // y = x³ elementwise, v = [1, 2]: vᵀJ = 3x²⊙v; with createGraph the result is differentiable again
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor y = x.pow(3);
        Tensor v = Tensor.of(new double[] {1, 2}, 2);
        Tensor g = Autograd.grad(y, List.of(x), v, true, true).get(0);
        assertClose(new double[] {3, 24}, g, 1e-12);
        assertTrue(g.requiresGrad(), "createGraph makes the gradient part of a graph");
        // d/dx Σ 3x²v = 6xv = [6, 24]
        g.sum().backward();
        assertClose(new double[] {6, 24}, x.grad(), 1e-12);

        Tensor plain = Autograd.grad(x.pow(3).sum(), List.of(x), null, false, false).get(0);
        assertFalse(plain.requiresGrad(), "without createGraph the gradient carries no graph");
    }

    @Test
    void autogradGradOfSeveralInputs() {
        Tensor a = Tensor.of(new double[] {2}, 1).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {-3}, 1).requiresGrad(true);
        List<Tensor> g = Autograd.grad(a.mul(b).sum(), List.of(a, b), null, false, false);
        assertEquals(2, g.size());
        assertClose(new double[] {-3}, g.get(0), 0.0);
        assertClose(new double[] {2}, g.get(1), 0.0);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void customOp(DType dt) {
        // cube with its own VJP 3x²·g; the second input gets no gradient (null)
        double[] xv = {-1, 0.5, 2};
        Tensor x = tensor(dt, xv, 3).requiresGrad(true);
        Tensor scale = tensor(dt, new double[] {2, 2, 2}, 3).requiresGrad(true);
        Tensor y = Autograd.custom("scaledCube", List.of(x, scale),
                in -> in.get(0).pow(3).mul(in.get(1)),
                (in, g) -> Arrays.asList(g.mul(in.get(0).square()).mul(in.get(1)).mul(3.0), null));
        assertClose(new double[] {-2, 0.25, 16}, y, tol(dt));
        assertTrue(y.requiresGrad());
        y.sum().backward();
        assertClose(new double[] {6, 1.5, 24}, x.grad(), tol(dt));
        assertNull(scale.grad(), "a null backward result means no gradient");
    }

    @Test
    void customOpComposesWithBuiltIns() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor y = Autograd.custom("double", List.of(x.exp()),
                in -> in.get(0).mul(2.0),
                (in, g) -> List.of(g.mul(2.0)));
        y.sum().backward();
        assertClose(new double[] {2 * Math.exp(1), 2 * Math.exp(2)}, x.grad(), 1e-12);
    }

    @Test
    void hundredThousandNodeChainDoesNotOverflowTheStack() {
        // the engine's topological sort and backward walk must be iterative (tests run with -Xss1m)
        Tensor x = Tensor.scalar(0.0, DType.F64).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 100_000; i++) {
            y = y.add(1.0);
        }
        assertEquals(100_000.0, y.item(), 0.0);
        y.backward();
        assertEquals(1.0, x.grad().item(), 0.0);
    }

    @Test
    void opsOnTensorsNotRequiringGradRecordNothing() {
        Tensor a = Tensor.of(new double[] {1, 2}, 2);
        Tensor b = a.mul(2.0).exp();
        assertFalse(b.requiresGrad());
        assertTrue(a.isLeaf());
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor y = x.mul(a);
        assertTrue(y.requiresGrad());
        assertFalse(y.isLeaf());
    }

    @Test
    @SuppressWarnings("try")
    void detectAnomalyThrowsAtTheOpThatMadeNaN() {
        Tensor x = Tensor.of(new double[] {-1, 2}, 2).requiresGrad(true);
        try (Scope s = Autograd.detectAnomaly()) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> x.log());
            assertMessageMentions(e, "log");
        }
        assertNotNull(x.log(), "outside detectAnomaly a NaN is just a value");
    }
}
