package dev.jgrad.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgrad.DType;
import dev.jgrad.cpu.CpuBackend;
import dev.jgrad.spi.BinaryOp;
import dev.jgrad.spi.Layout;
import dev.jgrad.spi.ReduceOp;
import dev.jgrad.spi.Storage;
import dev.jgrad.spi.View;
import org.junit.jupiter.api.Test;

/**
 * Reductions, binary ops and softmax on the SIMD path: deterministic across thread counts, equal to the scalar
 * path (bitwise where the order is specified, within rounding where the SIMD exp differs), and accurate.
 */
class SimdReduceElementwiseTest {
    /** Sums of 1M+ elements: contiguous, with an offset, over a non-unit stride, per row and per column of a matrix. */
    @Test
    void sumsAreBitwiseDeterministicAcrossThreadsAndEqualOnBothPaths() {
        CpuBackend simd1 = PathFixtures.simd(1);
        assumeTrue(simd1 != null, "no jdk.incubator.vector in this run");
        int len = (1 << 20) + 37;
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            double[] v = PathFixtures.values(11, len + 5);
            Storage s = PathFixtures.storage(simd1, dt, v);
            View[] inputs = {
                new View(s, new Layout(new long[] {len}, new long[] {1}, 5)),                   // contiguous + offset
                new View(s, new Layout(new long[] {(len + 4) / 2}, new long[] {2}, 1)),         // strided
                new View(s, new Layout(new long[] {3, 300_001}, new long[] {300_001, 1}, 0)),   // rows
                new View(s, new Layout(new long[] {300_001, 3}, new long[] {1, 300_001}, 2)),   // transposed rows
                // over dim 0 of row-major matrices: the columns walk, cut into pieces of rows (few outputs) and
                // split by outputs (many)
                new View(s, new Layout(new long[] {100_003, 10}, new long[] {10, 1}, 3)),
                new View(s, new Layout(new long[] {100, 10_007}, new long[] {10_007, 1}, 1)),
            };
            int[][] dims = {{0}, {0}, {1}, {0}, {0}, {0}};
            for (int c = 0; c < inputs.length; c++) {
                View in = inputs[c];
                long[] outShape = in.shape();
                outShape[dims[c][0]] = 1;
                double[] first = null;
                for (CpuBackend be : new CpuBackend[] {simd1, PathFixtures.simd(2), PathFixtures.simd(3),
                    PathFixtures.simd(7), PathFixtures.scalar(1), PathFixtures.scalar(2)}) {
                    View out = PathFixtures.empty(be, dt, outShape);
                    be.reduce(ReduceOp.SUM, in, dims[c], out);
                    double[] got = PathFixtures.read(be, out);
                    if (first == null) {
                        first = got;
                        checkAccuracy(v, in, dims[c][0], got, dt);
                    } else {
                        assertArrayEquals(first, got, dt + " case " + c + " " + be);
                    }
                }
            }
        }
    }

    /** |sum − exact| ≤ n·2^-52·Σ|x| (double accumulation) plus the final rounding to the dtype. */
    private static void checkAccuracy(double[] v, View in, int dim, double[] got, DType dt) {
        long[] shape = in.shape();
        Layout l = in.layout();
        int outs = got.length;
        for (int o = 0; o < outs; o++) {
            double sum = 0;
            double abs = 0;
            long n = shape[dim];
            for (long i = 0; i < n; i++) {
                long idx;
                if (shape.length == 1) {
                    idx = l.offset() + i * l.stride(0);
                } else if (dim == 1) {
                    idx = l.offset() + o * l.stride(0) + i * l.stride(1);
                } else {
                    idx = l.offset() + i * l.stride(0) + o * l.stride(1);
                }
                sum += v[(int) idx];
                abs += Math.abs(v[(int) idx]);
            }
            double tol = n * 0x1.0p-52 * abs + Math.abs(sum) * (dt == DType.F32 ? 0x1.0p-24 : 0x1.0p-53);
            assertTrue(Math.abs(got[o] - sum) <= tol, "output " + o + ": " + got[o] + " vs " + sum);
        }
    }

    @Test
    void maxMinAndBinaryOpsEqualTheScalarPathBitwise() {
        CpuBackend simd = PathFixtures.simd(2);
        assumeTrue(simd != null, "no jdk.incubator.vector in this run");
        CpuBackend scalar = PathFixtures.scalar(2);
        int n = 200_003;
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            double[] av = PathFixtures.values(21, n + 1);
            double[] bv = PathFixtures.values(22, n + 3);
            bv[1000] = 0.0;     // a division by zero
            av[7] = Double.NaN;
            bv[3 + 30] = Double.NaN;                        // element 30: NaN in b
            av[1 + 20] = -0.0;                              // elements 20 and 21: max/min of −0 and +0
            bv[3 + 20] = 0.0;
            av[1 + 21] = 0.0;
            bv[3 + 21] = -0.0;
            Storage as = PathFixtures.storage(simd, dt, av);
            Storage bs = PathFixtures.storage(simd, dt, bv);
            View a = new View(as, new Layout(new long[] {n}, new long[] {1}, 1));
            View b = new View(bs, new Layout(new long[] {n}, new long[] {1}, 3));
            for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MAXIMUM,
                BinaryOp.MINIMUM}) {
                View o1 = PathFixtures.empty(simd, dt, n);
                View o2 = PathFixtures.empty(scalar, dt, n);
                simd.binary(op, a, b, o1);
                scalar.binary(op, a, b, o2);
                assertArrayEquals(PathFixtures.read(scalar, o2), PathFixtures.read(simd, o1), op + " " + dt);
            }
            for (ReduceOp op : new ReduceOp[] {ReduceOp.MAX, ReduceOp.MIN}) {
                View r1 = PathFixtures.empty(simd, dt, 1);
                View r2 = PathFixtures.empty(scalar, dt, 1);
                simd.reduce(op, b, new int[] {0}, r1);
                scalar.reduce(op, b, new int[] {0}, r2);
                assertArrayEquals(PathFixtures.read(scalar, r2), PathFixtures.read(simd, r1), op + " " + dt);
                // b's first 200,000 elements as 2000 rows of 100: per column (the columns walk, in pieces) and per row
                View m = new View(bs, new Layout(new long[] {2000, 100}, new long[] {100, 1}, 3));
                for (int dim = 0; dim < 2; dim++) {
                    long[] kept = dim == 0 ? new long[] {1, 100} : new long[] {2000, 1};
                    View p1 = PathFixtures.empty(simd, dt, kept);
                    View p2 = PathFixtures.empty(scalar, dt, kept);
                    simd.reduce(op, m, new int[] {dim}, p1);
                    scalar.reduce(op, m, new int[] {dim}, p2);
                    assertArrayEquals(PathFixtures.read(scalar, p2), PathFixtures.read(simd, p1), op + " " + dt
                            + " over dim " + dim);
                }
            }
        }
    }

    /**
     * Contiguous F32 rows take a loop that reads the floats directly (SimdKernels.softmaxRowF32); rows read through
     * a stride widen into a double row first. Same operations in the same order: the same bits, at every length
     * around the vector widths, with infinities and a NaN among the values.
     */
    @Test
    void softmaxOfContiguousF32RowsIsBitwiseTheWidenedRowPath() {
        CpuBackend simd = PathFixtures.simd(2);
        assumeTrue(simd != null, "no jdk.incubator.vector in this run");
        int rows = 5;
        for (int len : new int[] {1, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 100, 1024, 1031}) {
            double[] v = PathFixtures.values(7 + len, rows * len);
            for (int i = 0; i < v.length; i++) {
                v[i] *= 30;
            }
            v[len - 1] = Double.NEGATIVE_INFINITY;                // row 0
            v[len + len / 2] = Double.POSITIVE_INFINITY;          // row 1: inf − inf, NaN throughout
            v[2 * len + len / 3] = Double.NaN;                    // row 2
            double[] stored = new double[v.length];               // the same rows, stored column by column
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < len; j++) {
                    stored[j * rows + i] = v[i * len + j];
                }
            }
            View contiguous = new View(PathFixtures.storage(simd, DType.F32, v), Layout.contiguous(rows, len));
            View strided = new View(PathFixtures.storage(simd, DType.F32, stored),
                    Layout.contiguous(len, rows).transpose(0, 1));
            for (boolean log : new boolean[] {false, true}) {
                View o1 = PathFixtures.empty(simd, DType.F32, rows, len);
                View o2 = PathFixtures.empty(simd, DType.F32, rows, len);
                if (log) {
                    simd.logSoftmax(contiguous, 1, o1);
                    simd.logSoftmax(strided, 1, o2);
                } else {
                    simd.softmax(contiguous, 1, o1);
                    simd.softmax(strided, 1, o2);
                }
                assertArrayEquals(PathFixtures.read(simd, o2), PathFixtures.read(simd, o1),
                        (log ? "log" : "") + "softmax, rows of " + len);
            }
        }
    }

    @Test
    void softmaxRowsAgreeWithTheScalarPath() {
        CpuBackend simd = PathFixtures.simd(2);
        assumeTrue(simd != null, "no jdk.incubator.vector in this run");
        CpuBackend scalar = PathFixtures.scalar(2);
        for (int len : new int[] {3, 8, 37, 1000}) {
            int rows = 257;
            for (DType dt : new DType[] {DType.F32, DType.F64}) {
                double[] v = PathFixtures.values(31 + len, rows * len);
                for (int i = 0; i < v.length; i++) {
                    v[i] *= 30;
                }
                Storage s = PathFixtures.storage(simd, dt, v);
                View in = new View(s, Layout.contiguous(rows, len));
                for (boolean log : new boolean[] {false, true}) {
                    View o1 = PathFixtures.empty(simd, dt, rows, len);
                    View o2 = PathFixtures.empty(scalar, dt, rows, len);
                    if (log) {
                        simd.logSoftmax(in, 1, o1);
                        scalar.logSoftmax(in, 1, o2);
                    } else {
                        simd.softmax(in, 1, o1);
                        scalar.softmax(in, 1, o2);
                    }
                    double[] g1 = PathFixtures.read(simd, o1);
                    double[] g2 = PathFixtures.read(scalar, o2);
                    // both compute in double and differ only in exp's last bits and in the order of Σ e^x, an
                    // error of about len·2^-52 relative to the sum: relative for softmax, absolute for its log
                    double rel = dt == DType.F32 ? 0x1.0p-23 : len * 0x1.0p-50;
                    double abs = log ? len * 0x1.0p-50 : 0;
                    for (int i = 0; i < g1.length; i++) {
                        assertEquals(g2[i], g1[i], Math.abs(g2[i]) * rel + abs,
                                (log ? "log" : "") + "softmax len " + len + " " + dt + " element " + i);
                    }
                }
            }
        }
    }
}
