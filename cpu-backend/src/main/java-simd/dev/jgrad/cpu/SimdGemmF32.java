package dev.jgrad.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * F32 GEMM on the Vector API (see {@link SimdGemm} for the driver and the packed formats). The micro-kernel
 * keeps an {@link #MR}×{@link #NR} block of C in vector registers and, per step of p, loads a row of packed B
 * ({@code NR} values), broadcasts {@code MR} packed A values and issues one fused multiply-add per accumulator.
 *
 * <p>Each C element is {@code fma(a_{k-1}, b_{k-1}, ... fma(a_0, b_0, 0))}: the accumulators are reloaded
 * from the C tile at every KC block, so blocking, tiling and threads never change a bit, and the small-size
 * {@link SimdSmallGemmF32} kernel (same fma chain) gives bitwise the same numbers.
 * The build generates SimdGemmF64 from this file (cpu-backend/pom.xml): edit only this one.
 */
final class SimdGemmF32 {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
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

    private SimdGemmF32() {
    }

    /**
     * Packs MR rows [i0, i0+MR) of A (rows ≥ n are zeros) for every KC block: block p0 holds them at
     * {@code dst + p0·nPad + sliver·MR·kc}, as kc groups of MR values (A(i0..i0+MR-1, p)).
     */
    static void packA(float[] a, long aOff, long ars, long acs, int n, int k, int i0, int nPad, int kcMax,
                      float[] ap, int dst) {
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
                        ap[base + p * MR + r] = 0.0f;
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
    static void packB(float[] b, long bOff, long brs, long bcs, int m, int k, int j0, int mPad, int kcMax,
                      float[] bp, int dst) {
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
                            bp[base + p * NR + cc] = 0.0f;
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
                        bp[d + cc] = cc < cols ? b[(int) (s + cc * bcs)] : 0.0f;
                    }
                }
            }
        }
    }

    /**
     * ct[co + r·ldc + j] = fma chain over the kc packed steps, starting from its current value, for an
     * MR×NR block: the register-blocked inner loop of the whole GEMM.
     */
    static void micro(float[] ap, int ao, float[] bp, int bo, int kc, float[] ct, int co, int ldc) {
        if (WIDE) {
            micro8x3(ap, ao, bp, bo, kc, ct, co, ldc);
        } else {
            micro6x2(ap, ao, bp, bo, kc, ct, co, ldc);
        }
    }

    /**
     * 8 rows × 3 vectors = 24 accumulators, 3 B vectors and 1 broadcast: 28 of AVX-512's 32 vector registers
     * (measured ~150 GFLOP/s in single precision on one Sapphire Rapids core, against ~120 for 6 × 2).
     * The offsets are computed from p, not stepped in their own variables: C2 removes the array bounds checks
     * only for indices linear in the loop counter (measured in L1 on one core: 173 GFLOP/s stepped, 187 from p).
     */
    static void micro8x3(float[] ap, int ao, float[] bp, int bo, int kc, float[] ct, int co, int ldc) {
        int r0 = co;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        int r6 = r5 + ldc;
        int r7 = r6 + ldc;
        FloatVector c00 = FloatVector.fromArray(S, ct, r0);
        FloatVector c01 = FloatVector.fromArray(S, ct, r0 + L);
        FloatVector c02 = FloatVector.fromArray(S, ct, r0 + 2 * L);
        FloatVector c10 = FloatVector.fromArray(S, ct, r1);
        FloatVector c11 = FloatVector.fromArray(S, ct, r1 + L);
        FloatVector c12 = FloatVector.fromArray(S, ct, r1 + 2 * L);
        FloatVector c20 = FloatVector.fromArray(S, ct, r2);
        FloatVector c21 = FloatVector.fromArray(S, ct, r2 + L);
        FloatVector c22 = FloatVector.fromArray(S, ct, r2 + 2 * L);
        FloatVector c30 = FloatVector.fromArray(S, ct, r3);
        FloatVector c31 = FloatVector.fromArray(S, ct, r3 + L);
        FloatVector c32 = FloatVector.fromArray(S, ct, r3 + 2 * L);
        FloatVector c40 = FloatVector.fromArray(S, ct, r4);
        FloatVector c41 = FloatVector.fromArray(S, ct, r4 + L);
        FloatVector c42 = FloatVector.fromArray(S, ct, r4 + 2 * L);
        FloatVector c50 = FloatVector.fromArray(S, ct, r5);
        FloatVector c51 = FloatVector.fromArray(S, ct, r5 + L);
        FloatVector c52 = FloatVector.fromArray(S, ct, r5 + 2 * L);
        FloatVector c60 = FloatVector.fromArray(S, ct, r6);
        FloatVector c61 = FloatVector.fromArray(S, ct, r6 + L);
        FloatVector c62 = FloatVector.fromArray(S, ct, r6 + 2 * L);
        FloatVector c70 = FloatVector.fromArray(S, ct, r7);
        FloatVector c71 = FloatVector.fromArray(S, ct, r7 + L);
        FloatVector c72 = FloatVector.fromArray(S, ct, r7 + 2 * L);
        for (int p = 0; p < kc; p++) {
            int ai = ao + 8 * p;
            int bi = bo + 3 * L * p;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
            x = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            c62 = x.fma(b2, c62);
            x = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            c72 = x.fma(b2, c72);
        }
        c00.intoArray(ct, r0);
        c01.intoArray(ct, r0 + L);
        c02.intoArray(ct, r0 + 2 * L);
        c10.intoArray(ct, r1);
        c11.intoArray(ct, r1 + L);
        c12.intoArray(ct, r1 + 2 * L);
        c20.intoArray(ct, r2);
        c21.intoArray(ct, r2 + L);
        c22.intoArray(ct, r2 + 2 * L);
        c30.intoArray(ct, r3);
        c31.intoArray(ct, r3 + L);
        c32.intoArray(ct, r3 + 2 * L);
        c40.intoArray(ct, r4);
        c41.intoArray(ct, r4 + L);
        c42.intoArray(ct, r4 + 2 * L);
        c50.intoArray(ct, r5);
        c51.intoArray(ct, r5 + L);
        c52.intoArray(ct, r5 + 2 * L);
        c60.intoArray(ct, r6);
        c61.intoArray(ct, r6 + L);
        c62.intoArray(ct, r6 + 2 * L);
        c70.intoArray(ct, r7);
        c71.intoArray(ct, r7 + L);
        c72.intoArray(ct, r7 + 2 * L);
    }

    /** 6 rows × 2 vectors = 12 accumulators, 2 B vectors and 1 broadcast: fits AVX2's 16 vector registers. */
    static void micro6x2(float[] ap, int ao, float[] bp, int bo, int kc, float[] ct, int co, int ldc) {
        int r0 = co;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        FloatVector c00 = FloatVector.fromArray(S, ct, r0);
        FloatVector c01 = FloatVector.fromArray(S, ct, r0 + L);
        FloatVector c10 = FloatVector.fromArray(S, ct, r1);
        FloatVector c11 = FloatVector.fromArray(S, ct, r1 + L);
        FloatVector c20 = FloatVector.fromArray(S, ct, r2);
        FloatVector c21 = FloatVector.fromArray(S, ct, r2 + L);
        FloatVector c30 = FloatVector.fromArray(S, ct, r3);
        FloatVector c31 = FloatVector.fromArray(S, ct, r3 + L);
        FloatVector c40 = FloatVector.fromArray(S, ct, r4);
        FloatVector c41 = FloatVector.fromArray(S, ct, r4 + L);
        FloatVector c50 = FloatVector.fromArray(S, ct, r5);
        FloatVector c51 = FloatVector.fromArray(S, ct, r5 + L);
        for (int p = 0; p < kc; p++) {
            int ai = ao + 6 * p;
            int bi = bo + 2 * L * p;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(ct, r0);
        c01.intoArray(ct, r0 + L);
        c10.intoArray(ct, r1);
        c11.intoArray(ct, r1 + L);
        c20.intoArray(ct, r2);
        c21.intoArray(ct, r2 + L);
        c30.intoArray(ct, r3);
        c31.intoArray(ct, r3 + L);
        c40.intoArray(ct, r4);
        c41.intoArray(ct, r4 + L);
        c50.intoArray(ct, r5);
        c51.intoArray(ct, r5 + L);
    }

    /** C rows [i0, i0+rows) × cols [j0, j0+cols) = the tile's block of ct (row stride ldc). */
    static void storeTile(float[] ct, int ldc, float[] c, long cOff, long crs, long ccs, int i0, int rows, int j0,
                          int cols) {
        for (int i = 0; i < rows; i++) {
            long dst = cOff + (i0 + i) * crs + j0 * ccs;
            if (ccs == 1) {
                System.arraycopy(ct, i * ldc, c, (int) dst, cols);
            } else {
                for (int j = 0; j < cols; j++) {
                    c[(int) (dst + j * ccs)] = ct[i * ldc + j];
                }
            }
        }
    }
}
