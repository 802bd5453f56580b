package dev.jgrad.cpu;

import java.util.Arrays;

/**
 * F32 matrix-product kernels over strided operands: C(i,j) = Σ_p A(i,p)·B(p,j) with
 * A(i,p) = a[aOff + i·ars + p·acs], B(p,j) = b[bOff + p·brs + j·bcs], C(i,j) = c[cOff + i·crs + j·ccs].
 * Transposed operands are simply other strides; packing reads them in place.
 *
 * <p>Every C element is accumulated in float as {@code ((0 + a0·b0) + a1·b1) + ...} in increasing p,
 * in both the direct and the blocked kernel, so the two give bitwise the same result and no choice of
 * tiles or threads changes any output.
 * The build generates GemmF64 from this file (cpu-backend/pom.xml): edit only this one.
 */
final class GemmF32 {
    /** Rows of A per packed panel / tile. */
    static final int MC = 64;
    /** Depth of one packed panel: KC elements of each packed row of A (1 KiB in single precision). */
    static final int KC = 256;
    /** Columns of B per packed panel: the panel (KC×NC) sits in L2, one of its rows in L1. */
    static final int NC = 256;

    private static final ThreadLocal<Buffers> LOCAL = ThreadLocal.withInitial(Buffers::new);

    private static final class Buffers {
        final float[] ap = new float[MC * KC];
        /** Packed B panel, one array per row (same reason as ct). */
        final float[][] bp = new float[KC][NC];
        /**
         * C tile, one array per row: measured on JDK 17, C2 vectorises the multi-row axpy in {@link #kernel}
         * only when every array in it is indexed from 0 (an unknown offset on any of them disables it, 4x slower).
         */
        final float[][] ct = new float[MC][NC];
    }

    private GemmF32() {
    }

    /** Unpacked i-p-j loops for small products (no scratch, no pool). */
    static void direct(float[] a, long aOff, long ars, long acs, float[] b, long bOff, long brs, long bcs,
                       float[] c, long cOff, long crs, long ccs, int n, int k, int m) {
        float[] row = new float[m];
        for (int i = 0; i < n; i++) {
            Arrays.fill(row, 0.0f);
            long ai = aOff + i * ars;
            for (int p = 0; p < k; p++) {
                float x = a[(int) (ai + p * acs)];
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
    static void tile(float[] a, long aOff, long ars, long acs, float[] b, long bOff, long brs, long bcs,
                     float[] c, long cOff, long crs, long ccs, int k, int i0, int mc, int j0, int nc) {
        Buffers buf = LOCAL.get();
        float[][] ct = buf.ct;
        for (int i = 0; i < mc; i++) {
            Arrays.fill(ct[i], 0, nc, 0.0f);
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
    private static void packA(float[] a, long off, long rs, long cs, int mc, int kc, float[] ap) {
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
    private static void packB(float[] b, long off, long rs, long cs, int kc, int nc, float[][] bp) {
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
                float[] row = bp[p];
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
    private static void kernel(float[] ap, float[][] bp, float[][] ct, int mc, int kc, int nc) {
        int i = 0;
        for (; i + 4 <= mc; i += 4) {
            float[] c0 = ct[i];
            float[] c1 = ct[i + 1];
            float[] c2 = ct[i + 2];
            float[] c3 = ct[i + 3];
            int a0 = i * kc;
            for (int p = 0; p < kc; p++) {
                float x0 = ap[a0 + p];
                float x1 = ap[a0 + kc + p];
                float x2 = ap[a0 + 2 * kc + p];
                float x3 = ap[a0 + 3 * kc + p];
                float[] b = bp[p];
                for (int j = 0; j < nc; j++) {
                    float bv = b[j];
                    c0[j] += x0 * bv;
                    c1[j] += x1 * bv;
                    c2[j] += x2 * bv;
                    c3[j] += x3 * bv;
                }
            }
        }
        for (; i < mc; i++) {
            float[] ci = ct[i];
            int ai = i * kc;
            for (int p = 0; p < kc; p++) {
                float x = ap[ai + p];
                float[] b = bp[p];
                for (int j = 0; j < nc; j++) {
                    ci[j] += x * b[j];
                }
            }
        }
    }

    private static void storeRow(float[] src, int so, float[] c, long off, long cs, int n) {
        if (cs == 1) {
            System.arraycopy(src, so, c, (int) off, n);
        } else {
            for (int j = 0; j < n; j++) {
                c[(int) (off + j * cs)] = src[so + j];
            }
        }
    }
}
