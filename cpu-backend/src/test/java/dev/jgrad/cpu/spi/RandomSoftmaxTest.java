package dev.jgrad.cpu.spi;

import static dev.jgrad.cpu.spi.SpiFixtures.BE;
import static dev.jgrad.cpu.spi.SpiFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.cpu.spi.SpiFixtures.Kind;
import dev.jgrad.cpu.spi.SpiFixtures.Tensor;
import dev.jgrad.spi.Layout;
import dev.jgrad.spi.Philox;
import dev.jgrad.spi.RandomKind;
import dev.jgrad.spi.View;
import org.junit.jupiter.api.Test;

/** random against the Philox reference; fused softmax / log-softmax against a double loop. */
class RandomSoftmaxTest {
    @Test
    void randomMatchesPhiloxExactly() {
        long seed = 0x1234_5678_9ABCL;
        int n = 100_003;   // parallel chunks
        View u64 = SpiFixtures.empty(DType.F64, n);
        View n64 = SpiFixtures.empty(DType.F64, n);
        View u32 = SpiFixtures.empty(DType.F32, 7, n / 7 + 1);
        View n32 = SpiFixtures.empty(DType.F32, n);
        BE.random(RandomKind.UNIFORM, seed, u64);
        BE.random(RandomKind.NORMAL, seed, n64);
        BE.random(RandomKind.UNIFORM, seed, u32);
        BE.random(RandomKind.NORMAL, seed, n32);
        double[] du = (double[]) BE.download(u64);
        double[] dn = (double[]) BE.download(n64);
        float[] fu = (float[]) BE.download(u32);
        float[] fn = (float[]) BE.download(n32);
        for (int i = 0; i < n; i++) {
            assertEquals(Philox.uniformF64(seed, i), du[i], "uniform F64 " + i);
            assertEquals(Philox.normal(seed, i), dn[i], "normal F64 " + i);
            assertEquals(Philox.uniformF32(seed, i), fu[i], "uniform F32 " + i);
            assertEquals((float) Philox.normal(seed, i), fn[i], "normal F32 " + i);
        }
    }

    @Test
    void normalMomentsOfOneMillion() {
        View x = SpiFixtures.empty(DType.F64, 1_000_000);
        BE.random(RandomKind.NORMAL, 7, x);
        double[] v = (double[]) BE.download(x);
        double mean = 0;
        for (double d : v) {
            mean += d;
        }
        mean /= v.length;
        double var = 0;
        for (double d : v) {
            var += (d - mean) * (d - mean);
        }
        var /= v.length;
        assertEquals(0.0, mean, 0.01);
        assertEquals(1.0, var, 0.01);
        View u = SpiFixtures.empty(DType.F32, 1_000_000);
        BE.random(RandomKind.UNIFORM, 8, u);
        float[] f = (float[]) BE.download(u);
        double um = 0;
        for (float d : f) {
            assertTrue(d >= 0 && d < 1);
            um += d;
        }
        assertEquals(0.5, um / f.length, 0.01);
    }

    @Test
    void softmaxAndLogSoftmaxAlongEveryDim() {
        long[] shape = {3, 4, 5};
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            for (Kind kind : Kind.values()) {
                Tensor x = SpiFixtures.random(dt, kind, 21, -50, 50, shape);
                for (int dim = 0; dim < 3; dim++) {
                    for (boolean log : new boolean[] {false, true}) {
                        View out = SpiFixtures.empty(dt, shape);
                        if (log) {
                            BE.logSoftmax(x.view(), dim, out);
                        } else {
                            BE.softmax(x.view(), dim, out);
                        }
                        double[] ref = reference(x.values(), shape, dim, log);
                        double[] tol = new double[ref.length];
                        for (int i = 0; i < ref.length; i++) {
                            tol[i] = Math.abs(ref[i]) * (dt == DType.F32 ? 0x1.0p-23 : 1e-14) + 1e-15;
                        }
                        assertClose(ref, SpiFixtures.read(out), tol, (log ? "logSoftmax " : "softmax ") + dt + " " + kind + " dim " + dim);
                    }
                }
            }
        }
    }

    /** Large logits: no overflow thanks to the max shift. */
    @Test
    void softmaxIsStableForHugeInputs() {
        Tensor x = SpiFixtures.contiguous(DType.F32, new double[] {1000, 1001, 1002, -1000}, 1, 4);
        View out = SpiFixtures.empty(DType.F32, 1, 4);
        BE.softmax(x.view(), 1, out);
        double[] ref = reference(x.values(), new long[] {1, 4}, 1, false);
        assertClose(ref, SpiFixtures.read(out), new double[] {1e-7, 1e-7, 1e-7, 1e-7}, "huge softmax");
    }

    static double[] reference(double[] x, long[] shape, int dim, boolean log) {
        double[] out = new double[x.length];
        long len = shape[dim];
        long inner = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        long outer = x.length / (len * inner);
        for (long o = 0; o < outer; o++) {
            for (long in = 0; in < inner; in++) {
                double max = Double.NEGATIVE_INFINITY;
                for (long j = 0; j < len; j++) {
                    max = Math.max(max, x[(int) ((o * len + j) * inner + in)]);
                }
                double sum = 0;
                for (long j = 0; j < len; j++) {
                    sum += Math.exp(x[(int) ((o * len + j) * inner + in)] - max);
                }
                for (long j = 0; j < len; j++) {
                    int i = (int) ((o * len + j) * inner + in);
                    out[i] = log ? x[i] - max - Math.log(sum) : Math.exp(x[i] - max) / sum;
                }
            }
        }
        return out;
    }
}
