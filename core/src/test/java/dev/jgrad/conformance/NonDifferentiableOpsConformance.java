package dev.jgrad.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The helpers whose results carry no graph: comparisons (gt, eq) giving 1/0 in the input dtype,
 * oneHot of I32 class ids, and the in-place assign used by optimizers.
 */
public abstract class NonDifferentiableOpsConformance extends BackendTestBase {

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void comparisonsGiveOnesAndZerosWithBroadcasting(DType dt) {
        double[] av = {1, -2, 3, 0, 5, 6};
        Tensor a = tensor(dt, av, 2, 3).requiresGrad(true);
        Tensor b = tensor(dt, new double[] {1, 0, 4}, 3);
        Tensor gt = a.gt(b);
        assertEquals(dt, gt.dtype());
        assertShape(gt, 2, 3);
        assertClose(new double[] {0, 0, 0, 0, 1, 1}, gt, 0.0);
        assertFalse(gt.requiresGrad(), "comparisons are not differentiable");
        assertClose(new double[] {1, 0, 1, 0, 1, 1}, a.gt(0.5), 0.0);
        assertClose(new double[] {1, 0, 0, 0, 0, 0}, a.eq(b), 0.0);
        // a transposed operand compares by logical position
        Tensor t = transposedInput(dt, av, 2, 3);
        assertClose(new double[] {1, 1, 1, 1, 1, 1}, t.eq(tensor(dt, av, 2, 3)), 0.0);
    }

    @Test
    void oneHotAppendsAClassDimension() {
        Tensor labels = Tensor.of(new int[] {2, 0, 1}, 3);
        Tensor oh = labels.oneHot(4, DType.F32);
        assertEquals(DType.F32, oh.dtype());
        assertShape(oh, 3, 4);
        assertClose(new double[] {0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0}, oh, 0.0);
        Tensor two = Tensor.of(new int[] {1, 0, 0, 1}, 2, 2).oneHot(2, DType.F64);
        assertShape(two, 2, 2, 2);
        assertClose(new double[] {0, 1, 1, 0, 1, 0, 0, 1}, two, 0.0);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    @SuppressWarnings("try")
    void assignCopiesInPlaceWithBroadcasting(DType dt) {
        Tensor w = tensor(dt, new double[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor before = w;
        try (Scope g = Autograd.noGrad()) {
            Tensor r = w.assign(tensor(dt, new double[] {7, 8, 9}, 3));   // a row broadcast over both rows
            assertSame(before, r, "assign returns this");
        }
        assertClose(new double[] {7, 8, 9, 7, 8, 9}, w, 0.0);
        // the updated leaf still takes part in a new graph (the optimizer pattern)
        w.mul(2.0).sum().backward();
        assertClose(new double[] {2, 2, 2, 2, 2, 2}, w.grad(), 0.0);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void assignFromATransposedView(DType dt) {
        Tensor dst = Tensor.zeros(dt, 2, 3);
        dst.assign(transposedInput(dt, new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        assertClose(new double[] {1, 2, 3, 4, 5, 6}, dst, 0.0);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    @SuppressWarnings("try")
    void addScaledAssignIsTheComposedUpdateBitForBit(DType dt) {
        // 4099 elements: a vector body and a scalar tail on backends that use 16-byte packs
        Tensor w = Tensor.randn(11, dt, 4099).requiresGrad(true);
        Tensor g = Tensor.randn(12, dt, 4099);
        Tensor composed;
        int version = w.version();
        try (Scope s = Autograd.noGrad()) {
            composed = w.add(g.mul(-1e-3));
            Tensor r = w.addScaledAssign(g, -1e-3);
            assertSame(w, r, "addScaledAssign returns this");
        }
        assertEquals(version + 1, w.version(), "an in-place write bumps the version");
        assertArrayEquals(composed.toDoubleArray(), w.toDoubleArray(), "w + g·(−1e-3), element for element");
        // strided target and source (transposed views), a row broadcast, and a source sharing the target's storage
        Tensor t = Tensor.zeros(dt, 3, 2).transpose();
        try (Scope s = Autograd.noGrad()) {
            t.addScaledAssign(transposedInput(dt, new double[] {1, 2, 3, 4, 5, 6}, 2, 3), 2.0);
            assertClose(new double[] {2, 4, 6, 8, 10, 12}, t, 0.0);
            t.addScaledAssign(tensor(dt, new double[] {1, 1, 1}, 3), -2.0);
            assertClose(new double[] {0, 2, 4, 6, 8, 10}, t, 0.0);
            t.addScaledAssign(t, 0.5);
            assertClose(new double[] {0, 3, 6, 9, 12, 15}, t, 0.0);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void addScaledAssignRefusesWhatAssignRefuses(DType dt) {
        Tensor w = tensor(dt, new double[] {1, 2}, 2).requiresGrad(true);
        IllegalStateException leaf = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> w.addScaledAssign(tensor(dt, new double[] {1, 1}, 2), 1.0));
        org.junit.jupiter.api.Assertions.assertTrue(leaf.getMessage().contains("addScaledAssign"), leaf.getMessage());
        IllegalArgumentException shape = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(dt, 2).addScaledAssign(tensor(dt, new double[] {1, 2, 3}, 3), 1.0));
        org.junit.jupiter.api.Assertions.assertTrue(shape.getMessage().contains("[3]") && shape.getMessage().contains("[2]"),
                shape.getMessage());
        IllegalArgumentException ints = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new int[] {1, 2}, 2).addScaledAssign(Tensor.of(new int[] {1, 1}, 2), 1.0));
        org.junit.jupiter.api.Assertions.assertTrue(ints.getMessage().contains("addScaledAssign"), ints.getMessage());
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void minSendsGradientToTheFirstMinimalIndex(DType dt) {
        // x = [[1,0,0],[2,2,5]], min over dim 1: row 0 → column 1, row 1 → column 0
        Tensor x = tensor(dt, new double[] {1, 0, 0, 2, 2, 5}, 2, 3).requiresGrad(true);
        Tensor m = x.min(1, false);
        assertClose(new double[] {0, 2}, m, 0.0);
        m.backward(tensor(dt, new double[] {10, 20}, 2));
        assertClose(new double[] {0, 10, 0, 20, 0, 0}, x.grad(), 0.0);
    }

    @Test
    void argmaxOfI32IsNotDifferentiable() {
        Tensor x = Tensor.of(new double[] {1, 3, 2}, 3).requiresGrad(true);
        Tensor am = x.argmax(0);
        assertFalse(am.requiresGrad());
        assertArrayEquals(new int[] {1}, am.toIntArray());
    }
}
