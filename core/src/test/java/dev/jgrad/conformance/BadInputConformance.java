package dev.jgrad.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 2's "Bad input" list, one test each: the exception type, a message naming the op and
 * showing the offending shapes/dtypes/devices, and the inputs still intact and usable afterwards.
 */
public abstract class BadInputConformance extends BackendTestBase {

    private static final double[] SIX = {1, 2, 3, 4, 5, 6};

    /** The tensor still holds {@code values} and still works as an operand. */
    private static void assertIntact(Tensor t, double[] values) {
        assertFalse(t.isClosed(), "a failed call must not close its inputs");
        assertClose(values, t, 0.0);
        double[] plusOne = values.clone();
        for (int i = 0; i < plusOne.length; i++) {
            plusOne[i] += 1;
        }
        assertClose(plusOne, t.add(1.0), 0.0);
    }

    @Test
    void binaryShapeMismatch() {
        Tensor a = Tensor.of(SIX, 2, 3);
        Tensor b = Tensor.of(new double[] {1, 2, 3, 4}, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertMessageMentions(e, "add");
        assertMessageShowsShape(e, 2, 3);
        assertMessageShowsShape(e, 4);
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> a.mul(b));
        assertMessageMentions(m, "mul");
        assertIntact(a, SIX);
        assertIntact(b, new double[] {1, 2, 3, 4});
    }

    @Test
    void matmulInnerDimMismatch() {
        Tensor a = Tensor.of(SIX, 2, 3);
        Tensor b = Tensor.of(new double[8], 4, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
        assertMessageMentions(e, "matmul");
        assertMessageShowsShape(e, 2, 3);
        assertMessageShowsShape(e, 4, 2);
        assertIntact(a, SIX);
    }

    @Test
    void matmulBatchMismatch() {
        Tensor a = Tensor.zeros(DType.F64, 2, 3, 4);
        Tensor b = Tensor.zeros(DType.F64, 3, 4, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
        assertMessageMentions(e, "matmul");
        assertMessageShowsShape(e, 2, 3, 4);
        assertMessageShowsShape(e, 3, 4, 5);
    }

    @Test
    void matmulOfRankZeroOperand() {
        Tensor a = Tensor.scalar(2, DType.F64);
        Tensor b = Tensor.of(SIX, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
        assertMessageMentions(e, "matmul");
    }

    @Test
    void dtypeMismatch() {
        Tensor f = Tensor.of(new float[] {1, 2}, 2);
        Tensor d = Tensor.of(new double[] {1, 2}, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.add(d));
        assertMessageMentions(e, "add", "F32", "F64");
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> d.matmul(f));
        assertMessageMentions(m, "matmul", "F32", "F64");
        Tensor i = Tensor.of(new int[] {1, 2}, 2);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> d.mul(i));
        assertMessageMentions(x, "mul", "F64", "I32");
        assertIntact(f, new double[] {1, 2});
        assertIntact(d, new double[] {1, 2});
    }

    @Test
    void deviceMismatch() {
        Assumptions.assumeFalse(device().isCpu(), "needs a second device: the backend under test is the CPU");
        Assumptions.assumeTrue(Device.isAvailable(Device.cpu()), "the CPU backend is not on the classpath");
        Tensor here = Tensor.of(new double[] {1, 2}, 2);
        Tensor onCpu = here.to(Device.cpu());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> here.add(onCpu));
        assertMessageMentions(e, "add", device().toString(), "cpu");
        assertIntact(here, new double[] {1, 2});
    }

    @Test
    void dimOutOfRange() {
        Tensor x = Tensor.of(SIX, 2, 3);
        assertDimError(() -> x.sum(2, false), "sum");
        assertDimError(() -> x.sum(-3, true), "sum");
        assertDimError(() -> x.mean(5, false), "mean");
        assertDimError(() -> x.max(2, false), "max");
        assertDimError(() -> x.argmax(-3), "argmax");
        assertDimError(() -> x.softmax(2), "softmax");
        assertDimError(() -> x.logSoftmax(-3), "logSoftmax");
        assertDimError(() -> x.transpose(0, 2), "transpose");
        assertIntact(x, SIX);
    }

    private static void assertDimError(org.junit.jupiter.api.function.Executable call, String op) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertMessageMentions(e, op);
        assertMessageShowsShape(e, 2, 3);
    }

    @Test
    void transposeNeedsRankTwo() {
        Tensor v = Tensor.of(new double[] {1, 2, 3}, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, v::transpose);
        assertMessageMentions(e, "transpose");
        assertMessageShowsShape(e, 3);
    }

    @Test
    void reshapeToAnotherElementCount() {
        Tensor x = Tensor.of(SIX, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.reshape(4, 2));
        assertMessageMentions(e, "reshape");
        assertMessageShowsShape(e, 2, 3);
        assertMessageShowsShape(e, 4, 2);
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class, () -> x.reshape(-1, -1));
        assertMessageMentions(two, "reshape");
        IllegalArgumentException inexact = assertThrows(IllegalArgumentException.class, () -> x.reshape(4, -1));
        assertMessageMentions(inexact, "reshape");
        assertIntact(x, SIX);
    }

    @Test
    void broadcastToIncompatibleShape() {
        Tensor x = Tensor.of(SIX, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.broadcastTo(3, 3));
        assertMessageMentions(e, "broadcast");
        assertMessageShowsShape(e, 2, 3);
        assertMessageShowsShape(e, 3, 3);
    }

    @Test
    void factoryDataDoesNotMatchShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[5], 2, 3));
        assertMessageShowsShape(e, 2, 3);
        assertMessageMentions(e, "5");
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.F32, 2, -1));
    }

    @Test
    void nonScalarBackwardWithoutGradient() {
        Tensor x = Tensor.of(SIX, 2, 3).requiresGrad(true);
        Tensor y = x.mul(2.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertMessageMentions(e, "backward");
        assertMessageShowsShape(e, 2, 3);
        assertNull(x.grad());
        // state intact: the graph still works
        y.sum().backward();
        assertClose(filled(6, 2), x.grad(), 0.0);
    }

    @Test
    void backwardWithGradientOfWrongShape() {
        Tensor x = Tensor.of(SIX, 2, 3).requiresGrad(true);
        Tensor y = x.mul(2.0);
        RuntimeException e = assertBadInput(() -> y.backward(Tensor.ones(DType.F64, 3, 2)), "backward");
        assertMessageShowsShape(e, 2, 3);
        assertMessageShowsShape(e, 3, 2);
        assertNull(x.grad());
        y.backward(Tensor.ones(DType.F64, 2, 3));
        assertClose(filled(6, 2), x.grad(), 0.0);
    }

    @Test
    void secondBackwardThroughReleasedGraph() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor loss = x.square().sum();
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertMessageMentions(e, "backward", "retain");
        assertClose(new double[] {2, 4}, x.grad(), 0.0);   // the failed call added nothing
        assertIntact(x, new double[] {1, 2});
    }

    @Test
    void requiresGradOnI32() {
        Tensor labels = Tensor.of(new int[] {0, 2, 1}, 3);
        RuntimeException e = assertBadInput(() -> labels.requiresGrad(true), "requiresGrad", "I32");
        assertMessageMentions(e, "requiresGrad");
        assertFalse(labels.requiresGrad());
        assertArrayEquals(new int[] {0, 2, 1}, labels.toIntArray());
    }

    @Test
    void itemOnManyElements() {
        Tensor x = Tensor.of(SIX, 2, 3);
        RuntimeException e = assertBadInput(x::item, "item");
        assertMessageShowsShape(e, 2, 3);
        assertIntact(x, SIX);
    }

    @Test
    @SuppressWarnings("try")
    void assignIntoALeafThatRequiresGrad() {
        Tensor w = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.assign(Tensor.of(new double[] {5, 6}, 2)));
        assertMessageMentions(e, "assign");
        assertClose(new double[] {1, 2}, w, 0.0);
        try (Scope g = Autograd.noGrad()) {
            w.assign(Tensor.of(new double[] {5, 6}, 2));
        }
        assertClose(new double[] {5, 6}, w, 0.0);
    }
}
