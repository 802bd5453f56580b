package dev.jgrad.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Layouts and conversions: transpose/permute views sharing storage, reshape (with -1),
 * broadcastTo, squeeze/unsqueeze, rank-0 tensors, dtype casts, host copies and item(), plus the
 * gradients of the view ops.
 */
public abstract class ShapeConformance extends BackendTestBase {

    private static final double[] SIX = {1, 2, 3, 4, 5, 6};

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    @SuppressWarnings("try")
    void transposeIsAViewSharingStorage(DType dt) {
        Tensor base = tensor(dt, SIX, 2, 3);
        Tensor t = base.transpose();
        assertShape(t, 3, 2);
        assertFalse(t.isContiguous());
        assertTrue(base.isContiguous());
        assertClose(new double[] {1, 4, 2, 5, 3, 6}, t, 0.0);
        // writing the base shows through the view: they share storage
        try (Scope g = Autograd.noGrad()) {
            base.assign(tensor(dt, new double[] {10, 20, 30, 40, 50, 60}, 2, 3));
        }
        assertClose(new double[] {10, 40, 20, 50, 30, 60}, t, 0.0);
        Tensor c = t.contiguous();
        assertTrue(c.isContiguous());
        assertClose(new double[] {10, 40, 20, 50, 30, 60}, c, 0.0);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void transposeOfChosenDimsAndPermute(DType dt) {
        double[] v = new double[24];
        for (int i = 0; i < 24; i++) {
            v[i] = i;
        }
        Tensor x = tensor(dt, v, 2, 3, 4);
        // transpose(0, 2): y[k][j][i] = x[i][j][k]
        Tensor y = x.transpose(0, 2);
        assertShape(y, 4, 3, 2);
        double[] expected = new double[24];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    expected[(k * 3 + j) * 2 + i] = v[(i * 3 + j) * 4 + k];
                }
            }
        }
        assertClose(expected, y, 0.0);
        assertClose(expected, x.transpose(-1, 0), 0.0);
        // permute(1, 2, 0): p[j][k][i] = x[i][j][k]
        Tensor p = x.permute(1, 2, 0);
        assertShape(p, 3, 4, 2);
        double[] pe = new double[24];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    pe[(j * 4 + k) * 2 + i] = v[(i * 3 + j) * 4 + k];
                }
            }
        }
        assertClose(pe, p, 0.0);
        // transpose() swaps the last two dims
        assertShape(x.transpose(), 2, 4, 3);
        assertEquals(4, x.transpose().size(1));
        assertEquals(3, x.size(-2));
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void reshapeWithInferredDim(DType dt) {
        double[] v = sample(dt, 24, 1, -1, 1);
        Tensor x = tensor(dt, v, 2, 3, 4);
        assertShape(x.reshape(4, -1), 4, 6);
        assertShape(x.reshape(-1), 24);
        assertShape(x.reshape(2, -1, 3), 2, 4, 3);
        assertClose(v, x.reshape(6, 4), 0.0);
        assertShape(tensor(dt, new double[] {7}, 1, 1).reshape(), new long[0]);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void reshapeOfTransposedViewUsesLogicalOrder(DType dt) {
        Tensor t = transposedInput(dt, SIX, 2, 3);   // logical [[1,2,3],[4,5,6]]
        Tensor r = t.reshape(3, 2);
        assertClose(SIX, r, 0.0);
        assertClose(SIX, t.reshape(-1), 0.0);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void broadcastToStretchesSizeOneAndMissingDims(DType dt) {
        Tensor row = tensor(dt, new double[] {1, 2, 3}, 3);
        Tensor b = row.broadcastTo(2, 3);
        assertShape(b, 2, 3);
        assertClose(new double[] {1, 2, 3, 1, 2, 3}, b, 0.0);
        Tensor col = tensor(dt, new double[] {1, 2}, 2, 1);
        assertClose(new double[] {1, 1, 1, 2, 2, 2}, col.broadcastTo(2, 3), 0.0);
        Tensor s = Tensor.scalar(4, dt).broadcastTo(2, 2);
        assertClose(new double[] {4, 4, 4, 4}, s, 0.0);
        // a broadcast view feeds ops like any tensor
        assertClose(new double[] {2, 4, 6, 2, 4, 6}, b.mul(2.0), 0.0);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void squeezeAndUnsqueeze(DType dt) {
        Tensor x = tensor(dt, SIX, 2, 3);
        assertShape(x.unsqueeze(0), 1, 2, 3);
        assertShape(x.unsqueeze(1), 2, 1, 3);
        assertShape(x.unsqueeze(-1), 2, 3, 1);
        assertShape(x.unsqueeze(1).squeeze(1), 2, 3);
        assertClose(SIX, x.unsqueeze(2).squeeze(-1), 0.0);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void rankZeroTensors(DType dt) {
        Tensor s = Tensor.scalar(3.5, dt);
        assertShape(s);
        assertEquals(0, s.rank());
        assertEquals(1, s.numel());
        assertEquals(3.5, s.item(), 0.0);
        assertArrayEquals(new double[] {3.5}, s.toDoubleArray(), 0.0);
        assertEquals(dt, s.dtype());
        Tensor t = s.mul(2.0).add(s);
        assertShape(t);
        assertEquals(10.5, t.item(), 0.0);
        assertEquals(7.0, tensor(dt, new double[] {7}, 1, 1).item(), 0.0);
    }

    @Test
    void factoriesFillAndShape() {
        assertShape(Tensor.zeros(DType.F32, 2, 3), 2, 3);
        assertClose(filled(6, 0), Tensor.zeros(DType.F64, 2, 3), 0.0);
        assertClose(filled(6, 1), Tensor.ones(DType.F32, 3, 2), 0.0);
        assertClose(filled(4, -2.5), Tensor.full(-2.5, DType.F64, 4), 0.0);
        assertArrayEquals(new int[] {0, 0}, Tensor.zeros(DType.I32, 2).toIntArray());
        assertEquals(DType.I32, Tensor.ones(DType.I32, 1).dtype());
        assertEquals(device(), Tensor.zeros(DType.F32, 1).device());
    }

    @Test
    void dtypeCasts() {
        // F64 → F32 rounds to nearest float; F32 → F64 is exact; float → I32 truncates toward zero (PyTorch)
        Tensor d = Tensor.of(new double[] {0.1, -2.7, 2.7, 1e10}, 4);
        Tensor f = d.to(DType.F32);
        assertEquals(DType.F32, f.dtype());
        assertArrayEquals(new float[] {0.1f, -2.7f, 2.7f, 1e10f}, f.toFloatArray(), 0f);
        Tensor back = f.to(DType.F64);
        assertArrayEquals(new double[] {0.1f, -2.7f, 2.7f, 1e10f}, back.toDoubleArray(), 0.0);
        Tensor i = Tensor.of(new double[] {-2.7, 2.7, 3.0, -0.5}, 4).to(DType.I32);
        assertEquals(DType.I32, i.dtype());
        assertArrayEquals(new int[] {-2, 2, 3, 0}, i.toIntArray());
        Tensor fromInt = Tensor.of(new int[] {-3, 0, 7}, 3).to(DType.F64);
        assertArrayEquals(new double[] {-3, 0, 7}, fromInt.toDoubleArray(), 0.0);
        assertSame(d, d.to(device()), "to(the same device) returns this");
    }

    @Test
    void castOfTransposedView() {
        Tensor t = transposedInput(DType.F64, SIX, 2, 3);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.to(DType.F32).toFloatArray(), 0f);
    }

    @Test
    void hostCopiesWidenAndNarrow() {
        Tensor f = Tensor.of(new float[] {0.1f, 2.5f}, 2);
        assertArrayEquals(new double[] {0.1f, 2.5f}, f.toDoubleArray(), 0.0);   // widened exactly
        Tensor d = Tensor.of(new double[] {0.1, 2.5}, 2);
        assertArrayEquals(new float[] {0.1f, 2.5f}, d.toFloatArray(), 0f);       // narrowed
        Tensor i = Tensor.of(new int[] {1, -2, 3}, 3);
        assertArrayEquals(new int[] {1, -2, 3}, i.toIntArray());
        assertEquals(DType.I32, i.dtype());
        // the factories copy: mutating the source array afterwards changes nothing
        double[] src = {1, 2};
        Tensor copy = Tensor.of(src, 2);
        src[0] = 99;
        assertArrayEquals(new double[] {1, 2}, copy.toDoubleArray(), 0.0);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void viewOpsRouteGradientsBack(DType dt) {
        // y = Σ w ⊙ view(x): the gradient of x is w mapped back through the view
        Tensor x = tensor(dt, SIX, 2, 3).requiresGrad(true);
        double[] w = {1, 10, 100, 1000, 10000, 100000};
        x.transpose().mul(tensor(dt, w, 3, 2)).sum().backward();
        // x.transpose()[c][r] = x[r][c] is weighted by w[c*2 + r]
        assertClose(new double[] {1, 100, 10000, 10, 1000, 100000}, x.grad(), 0.0);

        Tensor y = tensor(dt, SIX, 2, 3).requiresGrad(true);
        y.reshape(3, 2).mul(tensor(dt, w, 3, 2)).sum().backward();
        assertClose(w, y.grad(), 0.0);

        // broadcastTo sums the gradient over the stretched dim
        Tensor r = tensor(dt, new double[] {1, 2, 3}, 3).requiresGrad(true);
        r.broadcastTo(2, 3).mul(tensor(dt, w, 2, 3)).sum().backward();
        assertClose(new double[] {1001, 10010, 100100}, r.grad(), 0.0);

        Tensor z = tensor(dt, new double[24], 2, 3, 4).requiresGrad(true);
        double[] pw = new double[24];
        for (int i = 0; i < 24; i++) {
            pw[i] = i;
        }
        z.permute(2, 0, 1).mul(tensor(dt, pw, 4, 2, 3)).sum().backward();
        // z.permute(2,0,1)[k][i][j] = z[i][j][k], weight index (k*2 + i)*3 + j
        double[] expected = new double[24];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    expected[(i * 3 + j) * 4 + k] = (k * 2 + i) * 3 + j;
                }
            }
        }
        assertClose(expected, z.grad(), 0.0);
    }

    @Test
    void toStringNamesShapeDtypeAndDevice() {
        String s = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).toString();
        assertTrue(s.contains("F64") || s.toLowerCase(java.util.Locale.ROOT).contains("float64"), s);
        assertTrue(s.contains(device().toString()), s);
        assertTrue(s.replace(" ", "").contains("2,3") || s.contains("2x3"), s);
    }
}
