package dev.jgrad.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * F64 GEMM on the Vector API (see {@link SimdGemm} for the driver and the packed formats). The micro-kernel
 * keeps an {@link #MR}×{@link #NR} block of C in vector registers and, per step of p, loads a row of packed B
 * ({@code NR} values), broadcasts {@code MR} packed A values and issues one fused multiply-add per accumulator.
 *
 * <p>Each C element is {@code fma(a_{k-1}, b_{k-1}, ... fma(a_0, b_0, 0))}: the accumulators are reloaded
 * from the C tile at every KC block, so blocking, tiling and threads never change a bit, and the small-size
 * {@link #direct} kernel (same fma chain) gives bitwise the same numbers.
 * This is SimdGemmF32 with double for float: keep the two in step.
 */
final class SimdGemmF64 {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /**
     * 512-bit vectors come with AVX-512's 32 vector registers and get the 8 × 3-vector register block;
     * narrower ones (AVX2, NEON) the 6 × 2-vector block, which does not spill with 16 registers.
     */
    static final boolean WIDE = S.vectorBitSize() >= 512;
    /** Rows of the register block. */
    static final int MR = WIDE ? 8 : 6;
    /** Columns of the register block. */
    static final int NR = (WIDE ? 3 : 2) * L;

    private SimdGemmF64() {
    }

    /** Unpacked i-p-j loops for small products: row(j) = fma(A(i,p), B(p,j), row(j)) in increasing p. */
    static void direct(double[] a, long aOff, long ars, long acs, double[] b, long bOff, long brs, long bcs,
                       double[] c, long cOff, long crs, long ccs, int n, int k, int m, double[] row) {
        int vecEnd = S.loopBound(m);
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(row, 0, m, 0.0);
            long ai = aOff + i * ars;
            for (int p = 0; p < k; p++) {
                double x = a[(int) (ai + p * acs)];
                int bo = (int) (bOff + p * brs);
                if (bcs == 1) {
                    DoubleVector xv = DoubleVector.broadcast(S, x);
                    int j = 0;
                    for (; j < vecEnd; j += L) {
                        xv.fma(DoubleVector.fromArray(S, b, bo + j), DoubleVector.fromArray(S, row, j)).intoArray(row, j);
                    }
                    for (; j < m; j++) {
                        row[j] = Math.fma(x, b[bo + j], row[j]);
                    }
                } else {
                    int s = (int) bcs;
                    for (int j = 0; j < m; j++) {
                        row[j] = Math.fma(x, b[bo + j * s], row[j]);
                    }
                }
            }
            storeTile(row, 0, m, c, cOff, crs, ccs, i, 1, 0, m);
        }
    }

    /**
     * Packs MR rows [i0, i0+MR) of A (rows ≥ n are zeros) for every KC block: block p0 holds them at
     * {@code dst + p0·nPad + sliver·MR·kc}, as kc groups of MR values (A(i0..i0+MR-1, p)).
     */
    static void packA(double[] a, long aOff, long ars, long acs, int n, int k, int i0, int nPad, int kcMax,
                      double[] ap, int dst) {
        int sliver = i0 / MR;
        for (int p0 = 0; p0 < k; p0 += kcMax) {
            int kc = Math.min(kcMax, k - p0);
            int base = dst + p0 * nPad + sliver * MR * kc;
            if (MR == 8 && acs == 1 && i0 + MR <= n) {
                // row-major A, full sliver of 8 rows: eight sequential read streams, one sequential write stream
                int s0 = (int) (aOff + i0 * ars + p0);
                int rs = (int) ars;
                for (int p = 0; p < kc; p++) {
                    int d = base + p * MR;
                    int s = s0 + p;
                    ap[d] = a[s];
                    ap[d + 1] = a[s + rs];
                    ap[d + 2] = a[s + 2 * rs];
                    ap[d + 3] = a[s + 3 * rs];
                    ap[d + 4] = a[s + 4 * rs];
                    ap[d + 5] = a[s + 5 * rs];
                    ap[d + 6] = a[s + 6 * rs];
                    ap[d + 7] = a[s + 7 * rs];
                }
                continue;
            }
            for (int r = 0; r < MR; r++) {
                int i = i0 + r;
                if (i >= n) {
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = 0.0;
                    }
                    continue;
                }
                long src = aOff + i * ars + p0 * acs;
                if (acs == 1) {
                    int s = (int) src;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = a[s + p];
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = a[(int) (src + p * acs)];
                    }
                }
            }
        }
    }

    /**
     * Packs NR columns [j0, j0+NR) of B (columns ≥ m are zeros) for every KC block: block p0 holds them at
     * {@code dst + p0·mPad + sliver·NR·kc}, as kc rows of NR values (B(p, j0..j0+NR-1)).
     */
    static void packB(double[] b, long bOff, long brs, long bcs, int m, int k, int j0, int mPad, int kcMax,
                      double[] bp, int dst) {
        int sliver = j0 / NR;
        int cols = Math.min(NR, m - j0);
        for (int p0 = 0; p0 < k; p0 += kcMax) {
            int kc = Math.min(kcMax, k - p0);
            int base = dst + p0 * mPad + sliver * NR * kc;
            if (bcs == 1 && cols == NR) {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, (int) (bOff + (p0 + p) * brs + j0), bp, base + p * NR, NR);
                }
            } else if (brs == 1) {
                for (int cc = 0; cc < NR; cc++) {
                    if (cc >= cols) {
                        for (int p = 0; p < kc; p++) {
                            bp[base + p * NR + cc] = 0.0;
                        }
                        continue;
                    }
                    int s = (int) (bOff + p0 + (j0 + cc) * bcs);
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * NR + cc] = b[s + p];
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    long s = bOff + (p0 + p) * brs + j0 * bcs;
                    int d = base + p * NR;
                    for (int cc = 0; cc < NR; cc++) {
                        bp[d + cc] = cc < cols ? b[(int) (s + cc * bcs)] : 0.0;
                    }
                }
            }
        }
    }

    /**
     * One C tile: slivers [is0, is0+rowsS) of A × [js0, js0+colsS) of B over all of k, KC block by KC block
     * (for each B sliver, kept in L1, every A sliver of the tile, streamed from L2). Register blocks that lie
     * inside C accumulate in C itself when its rows are contiguous; the others (edges, padding, strided C)
     * in the thread's scratch {@code ct} (row stride colsS·NR), copied out at the end.
     */
    static void tile(GemmProblem q, long cOff, double[] ap, int aBase, double[] bp, int bBase, int nPad, int mPad,
                     int kcMax, int is0, int rowsS, int js0, int colsS, double[] ct) {
        double[] c = (double[]) q.c;
        int ldc = colsS * NR;
        boolean inPlace = q.ccs == 1;
        for (int p0 = 0; p0 < q.k; p0 += kcMax) {
            int kc = Math.min(kcMax, q.k - p0);
            int aBlk = aBase + p0 * nPad;
            int bBlk = bBase + p0 * mPad;
            for (int js = 0; js < colsS; js++) {
                int bo = bBlk + (js0 + js) * NR * kc;
                boolean fullCols = (js0 + js + 1) * NR <= q.m;
                for (int is = 0; is < rowsS; is++) {
                    int ao = aBlk + (is0 + is) * MR * kc;
                    if (inPlace && fullCols && (is0 + is + 1) * MR <= q.n) {
                        int co = (int) (cOff + (long) (is0 + is) * MR * q.crs + (js0 + js) * NR);
                        micro(ap, ao, bp, bo, kc, c, co, (int) q.crs, p0 == 0);
                    } else {
                        micro(ap, ao, bp, bo, kc, ct, is * MR * ldc + js * NR, ldc, p0 == 0);
                    }
                }
            }
        }
        for (int js = 0; js < colsS; js++) {
            int j0 = (js0 + js) * NR;
            for (int is = 0; is < rowsS; is++) {
                int i0 = (is0 + is) * MR;
                if (!(inPlace && j0 + NR <= q.m && i0 + MR <= q.n) && i0 < q.n && j0 < q.m) {
                    storeTile(ct, is * MR * ldc + js * NR, ldc, c, cOff, q.crs, q.ccs, i0, Math.min(MR, q.n - i0), j0,
                            Math.min(NR, q.m - j0));
                }
            }
        }
    }

    /**
     * c[co + r·ldc + j] (r < MR, j < NR) = fma chain over the kc packed steps, starting from zero
     * ({@code zero}: the first KC block) or from its current value: the register-blocked inner loop.
     */
    static void micro(double[] ap, int ao, double[] bp, int bo, int kc, double[] c, int co, int ldc, boolean zero) {
        if (WIDE) {
            micro8x3(ap, ao, bp, bo, kc, c, co, ldc, zero);
        } else {
            micro6x2(ap, ao, bp, bo, kc, c, co, ldc, zero);
        }
    }

    /**
     * 8 rows × 3 vectors = 24 accumulators, 3 B vectors and 1 broadcast: 28 of AVX-512's 32 vector registers
     * (the F32 version measured ~190 GFLOP/s in thread CPU time on one Sapphire Rapids core, against ~175
     * for 12 × 2).
     */
    static void micro8x3(double[] ap, int ao, double[] bp, int bo, int kc, double[] c, int co, int ldc, boolean zero) {
        int r0 = co;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        int r6 = r5 + ldc;
        int r7 = r6 + ldc;
        DoubleVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32, c40, c41, c42, c50, c51, c52, c60, c61, c62, c70, c71, c72;
        if (zero) {
            DoubleVector z = DoubleVector.zero(S);
            c00 = z; c01 = z; c02 = z; c10 = z; c11 = z; c12 = z;
            c20 = z; c21 = z; c22 = z; c30 = z; c31 = z; c32 = z;
            c40 = z; c41 = z; c42 = z; c50 = z; c51 = z; c52 = z;
            c60 = z; c61 = z; c62 = z; c70 = z; c71 = z; c72 = z;
        } else {
            c00 = DoubleVector.fromArray(S, c, r0);
            c01 = DoubleVector.fromArray(S, c, r0 + L);
            c02 = DoubleVector.fromArray(S, c, r0 + 2 * L);
            c10 = DoubleVector.fromArray(S, c, r1);
            c11 = DoubleVector.fromArray(S, c, r1 + L);
            c12 = DoubleVector.fromArray(S, c, r1 + 2 * L);
            c20 = DoubleVector.fromArray(S, c, r2);
            c21 = DoubleVector.fromArray(S, c, r2 + L);
            c22 = DoubleVector.fromArray(S, c, r2 + 2 * L);
            c30 = DoubleVector.fromArray(S, c, r3);
            c31 = DoubleVector.fromArray(S, c, r3 + L);
            c32 = DoubleVector.fromArray(S, c, r3 + 2 * L);
            c40 = DoubleVector.fromArray(S, c, r4);
            c41 = DoubleVector.fromArray(S, c, r4 + L);
            c42 = DoubleVector.fromArray(S, c, r4 + 2 * L);
            c50 = DoubleVector.fromArray(S, c, r5);
            c51 = DoubleVector.fromArray(S, c, r5 + L);
            c52 = DoubleVector.fromArray(S, c, r5 + 2 * L);
            c60 = DoubleVector.fromArray(S, c, r6);
            c61 = DoubleVector.fromArray(S, c, r6 + L);
            c62 = DoubleVector.fromArray(S, c, r6 + 2 * L);
            c70 = DoubleVector.fromArray(S, c, r7);
            c71 = DoubleVector.fromArray(S, c, r7 + L);
            c72 = DoubleVector.fromArray(S, c, r7 + 2 * L);
        }
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
            DoubleVector b2 = DoubleVector.fromArray(S, bp, bo + 2 * L);
            DoubleVector x = DoubleVector.broadcast(S, ap[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            x = DoubleVector.broadcast(S, ap[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            x = DoubleVector.broadcast(S, ap[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            x = DoubleVector.broadcast(S, ap[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            x = DoubleVector.broadcast(S, ap[ao + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            x = DoubleVector.broadcast(S, ap[ao + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
            x = DoubleVector.broadcast(S, ap[ao + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            c62 = x.fma(b2, c62);
            x = DoubleVector.broadcast(S, ap[ao + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            c72 = x.fma(b2, c72);
            ao += 8;
            bo += 3 * L;
        }
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + L);
        c02.intoArray(c, r0 + 2 * L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c12.intoArray(c, r1 + 2 * L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c22.intoArray(c, r2 + 2 * L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
        c32.intoArray(c, r3 + 2 * L);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + L);
        c42.intoArray(c, r4 + 2 * L);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + L);
        c52.intoArray(c, r5 + 2 * L);
        c60.intoArray(c, r6);
        c61.intoArray(c, r6 + L);
        c62.intoArray(c, r6 + 2 * L);
        c70.intoArray(c, r7);
        c71.intoArray(c, r7 + L);
        c72.intoArray(c, r7 + 2 * L);
    }

    /** 6 rows × 2 vectors = 12 accumulators, 2 B vectors and 1 broadcast: fits AVX2's 16 vector registers. */
    static void micro6x2(double[] ap, int ao, double[] bp, int bo, int kc, double[] c, int co, int ldc, boolean zero) {
        int r0 = co;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        DoubleVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (zero) {
            DoubleVector z = DoubleVector.zero(S);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z;
            c30 = z; c31 = z; c40 = z; c41 = z; c50 = z; c51 = z;
        } else {
            c00 = DoubleVector.fromArray(S, c, r0);
            c01 = DoubleVector.fromArray(S, c, r0 + L);
            c10 = DoubleVector.fromArray(S, c, r1);
            c11 = DoubleVector.fromArray(S, c, r1 + L);
            c20 = DoubleVector.fromArray(S, c, r2);
            c21 = DoubleVector.fromArray(S, c, r2 + L);
            c30 = DoubleVector.fromArray(S, c, r3);
            c31 = DoubleVector.fromArray(S, c, r3 + L);
            c40 = DoubleVector.fromArray(S, c, r4);
            c41 = DoubleVector.fromArray(S, c, r4 + L);
            c50 = DoubleVector.fromArray(S, c, r5);
            c51 = DoubleVector.fromArray(S, c, r5 + L);
        }
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bo);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bo + L);
            DoubleVector x = DoubleVector.broadcast(S, ap[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, ap[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, ap[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, ap[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, ap[ao + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, ap[ao + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            ao += 6;
            bo += 2 * L;
        }
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + L);
    }

    /** C rows [i0, i0+rows) × cols [j0, j0+cols) = the block of ct at ctOff (row stride ldc). */
    static void storeTile(double[] ct, int ctOff, int ldc, double[] c, long cOff, long crs, long ccs, int i0, int rows,
                          int j0, int cols) {
        for (int i = 0; i < rows; i++) {
            long dst = cOff + (i0 + i) * crs + j0 * ccs;
            int src = ctOff + i * ldc;
            if (ccs == 1) {
                System.arraycopy(ct, src, c, (int) dst, cols);
            } else {
                for (int j = 0; j < cols; j++) {
                    c[(int) (dst + j * ccs)] = ct[src + j];
                }
            }
        }
    }
}
