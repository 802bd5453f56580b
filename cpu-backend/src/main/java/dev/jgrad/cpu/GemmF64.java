package dev.jgrad.cpu;

import java.util.Arrays;

/**
 * F64 matrix-product kernels over strided operands: C(i,j) = Σ_p A(i,p)·B(p,j) with
 * A(i,p) = a[aOff + i·ars + p·acs], B(p,j) = b[bOff + p·brs + j·bcs], C(i,j) = c[cOff + i·crs + j·ccs].
 * Transposed operands are simply other strides; packing reads them in place.
 *
 * <p>Every C element is accumulated in double as {@code ((0 + a0·b0) + a1·b1) + ...} in increasing p,
 * in both the direct and the blocked kernel, so the two give bitwise the same result and no choice of
 * tiles or threads changes any output. (Mirror of GemmF32 with double for float.)
 */
final class GemmF64 {
    /** Rows of A per packed panel / tile. */
    static final int MC = 64;
    /** Depth of one packed panel: a packed row of A is 2 KiB (F64). */
    static final int KC = 256;
    /** Columns of B per packed panel: the panel (KC×NC) sits in L2, one of its rows in L1. */
    static final int NC = 256;

    private static final ThreadLocal<Buffers> LOCAL = ThreadLocal.withInitial(Buffers::new);

    private static final class Buffers {
        final double[] ap = new double[MC * KC];
        /** Packed B panel, one array per row (same reason as ct). */
        final double[][] bp = new double[KC][NC];
        /**
         * C tile, one array per row: measured on JDK 17, C2 vectorises the multi-row axpy in {@link #kernel}
         * only when every array in it is indexed from 0 (an unknown offset on any of them disables it, 4x slower).
         */
        final double[][] ct = new double[MC][NC];
    }

    private GemmF64() {
    }

    /** Unpacked i-p-j loops for small products (no scratch, no pool). */
    static void direct(double[] a, long aOff, long ars, long acs, double[] b, long bOff, long brs, long bcs,
                       double[] c, long cOff, long crs, long ccs, int n, int k, int m) {
        double[] row = new double[m];
        for (int i = 0; i < n; i++) {
            Arrays.fill(row, 0.0);
            long ai = aOff + i * ars;
            for (int p = 0; p < k; p++) {
                double x = a[(int) (ai + p * acs)];
                int bo = (int) (bOff + p * brs);
                if (bcs == 1) {
                    for (int j = 0; j < m; j++) {
                        row[j] += x * b[bo + j];
                    }
                } else {
                    int s = (int) bcs;
                    for (int j = 0; j < m; j++) {
                        row[j] += x * b[bo + j * s];
                    }
                }
            }
            storeRow(row, 0, c, cOff + i * crs, ccs, m);
        }
    }

    /** C tile rows [i0, i0+mc) × cols [j0, j0+nc), blocked over k in panels of KC. */
    static void tile(double[] a, long aOff, long ars, long acs, double[] b, long bOff, long brs, long bcs,
                     double[] c, long cOff, long crs, long ccs, int k, int i0, int mc, int j0, int nc) {
        Buffers buf = LOCAL.get();
        double[][] ct = buf.ct;
        for (int i = 0; i < mc; i++) {
            Arrays.fill(ct[i], 0, nc, 0.0);
        }
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            packA(a, aOff + i0 * ars + p0 * acs, ars, acs, mc, kc, buf.ap);
            packB(b, bOff + p0 * brs + j0 * bcs, brs, bcs, kc, nc, buf.bp);
            kernel(buf.ap, buf.bp, ct, mc, kc, nc);
        }
        for (int i = 0; i < mc; i++) {
            storeRow(ct[i], 0, c, cOff + (i0 + i) * crs + j0 * ccs, ccs, nc);
        }
    }

    /** ap[i·kc + p] = A(i, p): reads along whichever stride is unit, so transposed A is read sequentially. */
    private static void packA(double[] a, long off, long rs, long cs, int mc, int kc, double[] ap) {
        if (cs == 1 || rs != 1) {
            for (int i = 0; i < mc; i++) {
                long src = off + i * rs;
                for (int p = 0; p < kc; p++) {
                    ap[i * kc + p] = a[(int) (src + p * cs)];
                }
            }
        } else {
            for (int p = 0; p < kc; p++) {
                long src = off + p * cs;
                for (int i = 0; i < mc; i++) {
                    ap[i * kc + p] = a[(int) (src + i)];
                }
            }
        }
    }

    /** bp[p][j] = B(p, j). */
    private static void packB(double[] b, long off, long rs, long cs, int kc, int nc, double[][] bp) {
        if (cs == 1) {
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, (int) (off + p * rs), bp[p], 0, nc);
            }
        } else if (rs == 1) {
            for (int j = 0; j < nc; j++) {
                long src = off + j * cs;
                for (int p = 0; p < kc; p++) {
                    bp[p][j] = b[(int) (src + p)];
                }
            }
        } else {
            for (int p = 0; p < kc; p++) {
                long src = off + p * rs;
                double[] row = bp[p];
                for (int j = 0; j < nc; j++) {
                    row[j] = b[(int) (src + j * cs)];
                }
            }
        }
    }

    /**
     * ct(mc×nc) += ap(mc×kc) · bp(kc×nc), four C rows at a time so each loaded B element feeds four
     * multiply-adds: the j loop is a unit-stride multi-axpy the JIT vectorises.
     */
    private static void kernel(double[] ap, double[][] bp, double[][] ct, int mc, int kc, int nc) {
        int i = 0;
        for (; i + 4 <= mc; i += 4) {
            double[] c0 = ct[i];
            double[] c1 = ct[i + 1];
            double[] c2 = ct[i + 2];
            double[] c3 = ct[i + 3];
            int a0 = i * kc;
            for (int p = 0; p < kc; p++) {
                double x0 = ap[a0 + p];
                double x1 = ap[a0 + kc + p];
                double x2 = ap[a0 + 2 * kc + p];
                double x3 = ap[a0 + 3 * kc + p];
                double[] b = bp[p];
                for (int j = 0; j < nc; j++) {
                    double bv = b[j];
                    c0[j] += x0 * bv;
                    c1[j] += x1 * bv;
                    c2[j] += x2 * bv;
                    c3[j] += x3 * bv;
                }
            }
        }
        for (; i < mc; i++) {
            double[] ci = ct[i];
            int ai = i * kc;
            for (int p = 0; p < kc; p++) {
                double x = ap[ai + p];
                double[] b = bp[p];
                for (int j = 0; j < nc; j++) {
                    ci[j] += x * b[j];
                }
            }
        }
    }

    private static void storeRow(double[] src, int so, double[] c, long off, long cs, int n) {
        if (cs == 1) {
            System.arraycopy(src, so, c, (int) off, n);
        } else {
            for (int j = 0; j < n; j++) {
                c[(int) (off + j * cs)] = src[so + j];
            }
        }
    }
}
