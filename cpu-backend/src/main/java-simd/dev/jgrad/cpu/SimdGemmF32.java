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
     * 512-bit vectors come with AVX-512's 32 vector registers and get the 14 × 2-vector register block;
     * narrower ones (AVX2, NEON) the 6 × 2-vector block, which does not spill with 16 registers.
     */
    static final boolean WIDE = S.vectorBitSize() >= 512;
    /** Rows of the register block. */
    static final int MR = WIDE ? 14 : 6;
    /** Columns of the register block: two vectors. */
    static final int NR = 2 * L;

    private SimdGemmF32() {
    }

    /**
     * Packs {@code width} rows [i0, i0+width) of an n × k matrix read through strides (rows ≥ n are zeros) for every
     * KC block: block p0 holds them at {@code dst + p0·pad + (i0 / width)·width·kc}, as kc groups of width values
     * (row i0..i0+width-1 at p). A's slivers are its MR rows (pad = the padded row count); B's, when B is not
     * row-major, are NR of its columns read as the rows of Bᵀ (pad = the padded column count), which gives
     * {@link #packB}'s layout. Returns whether a packed value is subnormal (the copy is checked while in cache, which
     * costs far less than a pass over the operand).
     */
    static boolean packSlivers(float[] a, long aOff, long ars, long acs, int n, int k, int i0, int width, int pad,
                               int kcMax, float[] ap, int dst) {
        int sliver = i0 / width;
        for (int p0 = 0; p0 < k; p0 += kcMax) {
            int kc = Math.min(kcMax, k - p0);
            int base = dst + p0 * pad + sliver * width * kc;
            if (ars == 1 && i0 + width <= n) {
                // the rows side by side in memory (A through a transposed view): the width values of one p are
                // contiguous, one copy per p. Measured on 1024³ (2 cores, best of 200): 7.21–7.28 ms against
                // 7.69 reading A row by row (each value 4 KiB from the last), 7.06 for a row-major A
                for (int p = 0; p < kc; p++) {
                    int s = (int) (aOff + i0 + (p0 + p) * acs);
                    int d = base + p * width;
                    for (int r = 0; r < width; r++) {
                        ap[d + r] = a[s + r];
                    }
                }
                continue;
            }
            for (int r = 0; r < width; r += 2) {        // MR and NR are even
                int i = i0 + r;
                if (acs == 1 && i + 1 < n) {
                    // rows contiguous along p, two at a time: each pair of stores lands in one cache line. Measured
                    // on a 1024² A (one core): 360 µs, against 455 one row at a time and about as fast as 7 rows at
                    // a time; reading all the rows side by side thrashes an L1 set when they lie a power of two apart
                    // (d stepped, not base + p·width + r: inside this branch the latter measured 466 µs against 390)
                    int s0 = (int) (aOff + i * ars + p0);
                    int s1 = (int) (s0 + ars);
                    int d = base + r;
                    for (int p = 0; p < kc; p++) {
                        ap[d] = a[s0 + p];
                        ap[d + 1] = a[s1 + p];
                        d += width;
                    }
                } else {
                    packRow(a, aOff, ars, acs, n, i, p0, kc, width, ap, base + r);
                    packRow(a, aOff, ars, acs, n, i + 1, p0, kc, width, ap, base + r + 1);
                }
            }
        }
        // checked after the copying, not block by block: inside the block loop the check slowed the copy loops
        // down (1024² A, one core: copy 357 µs, checked after 434, checked per block 524)
        boolean subnormal = false;
        for (int p0 = 0; p0 < k && !subnormal; p0 += kcMax) {
            int kc = Math.min(kcMax, k - p0);
            subnormal = SimdKernels.anySubnormal(ap, dst + p0 * pad + sliver * width * kc, width * kc);
        }
        return subnormal;
    }

    /** Row i, columns p0..p0+kc-1, read through its strides, to {@code ap[d + p·width]}; zeros for a row i ≥ n. */
    private static void packRow(float[] a, long aOff, long ars, long acs, int n, int i, int p0, int kc, int width,
                                float[] ap, int d) {
        if (i >= n) {
            for (int p = 0; p < kc; p++) {
                ap[d + p * width] = 0.0f;
            }
            return;
        }
        long src = aOff + i * ars + p0 * acs;
        for (int p = 0; p < kc; p++) {
            ap[d + p * width] = a[(int) (src + p * acs)];
        }
    }

    /**
     * Packs rows [pBeg, pEnd) of a row-major B, all inside the KC block that starts at p0 = pBeg − pBeg mod kcMax,
     * for every NR-column sliver (columns ≥ m are zeros): that block holds sliver s at {@code dst + p0·mPad + s·NR·kc},
     * as kc rows of NR values (B(p, s·NR..s·NR+NR-1)). Returns whether a packed value is subnormal. (A B read through
     * another layout is packed sliver by sliver: {@link #packSlivers}.)
     */
    static boolean packB(float[] b, long bOff, long brs, long bcs, int m, int k, int pBeg, int pEnd, int mPad,
                         int kcMax, float[] bp, int dst) {
        int p0 = pBeg - pBeg % kcMax;
        int kc = Math.min(kcMax, k - p0);
        int slivers = mPad / NR;
        int block = dst + p0 * mPad + (pBeg - p0) * NR;
        int rows = pEnd - pBeg;
        // row-major B: its rows are read once, front to back, each cut into whole slivers (measured on a 1024²
        // B, one core: 307 µs, against 388 with the slivers packed one after the other by System.arraycopy)
        int byRows = bcs == 1 ? m / NR : 0;
        boolean subnormal = false;
        for (int p = 0; p < rows; p++) {
            int s = (int) (bOff + (pBeg + p) * brs);
            int d = block + p * NR;
            for (int sl = 0; sl < byRows; sl++) {
                FloatVector.fromArray(S, b, s + sl * NR).intoArray(bp, d + sl * NR * kc);
                FloatVector.fromArray(S, b, s + sl * NR + L).intoArray(bp, d + sl * NR * kc + L);
            }
            // the row just read, while in L1 (one call per row: one per sliver measured 70 µs slower on 1024²)
            subnormal |= byRows > 0 && SimdKernels.anySubnormal(b, s, byRows * NR);
        }
        // the rest (the zero-padded last sliver; all of a B that is not row-major, which SimdGemm packs with
        // packSlivers instead) column by column, down the rows
        for (int sl = byRows; sl < slivers; sl++) {
            int j0 = sl * NR;
            int cols = Math.min(NR, m - j0);
            int d = block + sl * NR * kc;
            for (int cc = 0; cc < NR; cc++) {
                if (cc >= cols) {
                    for (int p = 0; p < rows; p++) {
                        bp[d + p * NR + cc] = 0.0f;
                    }
                    continue;
                }
                long src = bOff + pBeg * brs + (j0 + cc) * bcs;
                for (int p = 0; p < rows; p++) {
                    bp[d + p * NR + cc] = b[(int) (src + p * brs)];
                }
            }
        }
        for (int sl = byRows; sl < slivers && !subnormal; sl++) {
            subnormal = SimdKernels.anySubnormal(bp, block + sl * NR * kc, rows * NR);
        }
        return subnormal;
    }

    /**
     * {@code cOut[out + r·outLd + j]} = the fma chain over the kc packed steps, starting from
     * {@code cIn[in + r·inLd + j]}, for an MR×NR block: the register-blocked inner loop of the whole GEMM
     * (the first KC block reads {@link #ZERO_BLOCK}, the others the C tile it writes).
     */
    static void micro(float[] ap, int ao, float[] bp, int bo, int kc, float[] cIn, int in, int inLd, float[] cOut,
                      int out, int outLd) {
        if (WIDE) {
            micro14x2(ap, ao, bp, bo, kc, cIn, in, inLd, cOut, out, outLd);
        } else {
            micro6x2(ap, ao, bp, bo, kc, cIn, in, inLd, cOut, out, outLd);
        }
    }

    /** An MR×NR block of zeros (row stride NR), the starting value of every C block; never written. */
    static final float[] ZERO_BLOCK = new float[MR * NR];

    /**
     * 14 rows × 2 vectors = 28 accumulators, 2 B vectors and 1 broadcast: 31 of AVX-512's 32 vector registers.
     * Measured against the former 8 × 3 block on this machine's AVX-512 cores (scratch probes, one core, F32):
     * in L1 190 vs 172 GFLOP/s (median), over a packed 1024³ product +8–10%; NR = 32 also divides the usual
     * power-of-two widths, where 48 padded 1024 columns to 1056.
     * The offsets are computed from p, not stepped in their own variables: C2 removes the array bounds checks
     * only for indices linear in the loop counter (measured with the 8 × 3 block in L1 on one core: 173 GFLOP/s
     * stepped, 187 from p). Unrolling p by 2 or 4 was slower (8 × 3: 165 / 140 against 172; the extra live
     * vectors spill).
     */
    static void micro14x2(float[] ap, int ao, float[] bp, int bo, int kc, float[] cIn, int in, int inLd,
                          float[] cOut, int out, int outLd) {
        int r0 = in;
        int r1 = r0 + inLd;
        int r2 = r1 + inLd;
        int r3 = r2 + inLd;
        int r4 = r3 + inLd;
        int r5 = r4 + inLd;
        int r6 = r5 + inLd;
        int r7 = r6 + inLd;
        int r8 = r7 + inLd;
        int r9 = r8 + inLd;
        int r10 = r9 + inLd;
        int r11 = r10 + inLd;
        int r12 = r11 + inLd;
        int r13 = r12 + inLd;
        FloatVector c0a = FloatVector.fromArray(S, cIn, r0);
        FloatVector c0b = FloatVector.fromArray(S, cIn, r0 + L);
        FloatVector c1a = FloatVector.fromArray(S, cIn, r1);
        FloatVector c1b = FloatVector.fromArray(S, cIn, r1 + L);
        FloatVector c2a = FloatVector.fromArray(S, cIn, r2);
        FloatVector c2b = FloatVector.fromArray(S, cIn, r2 + L);
        FloatVector c3a = FloatVector.fromArray(S, cIn, r3);
        FloatVector c3b = FloatVector.fromArray(S, cIn, r3 + L);
        FloatVector c4a = FloatVector.fromArray(S, cIn, r4);
        FloatVector c4b = FloatVector.fromArray(S, cIn, r4 + L);
        FloatVector c5a = FloatVector.fromArray(S, cIn, r5);
        FloatVector c5b = FloatVector.fromArray(S, cIn, r5 + L);
        FloatVector c6a = FloatVector.fromArray(S, cIn, r6);
        FloatVector c6b = FloatVector.fromArray(S, cIn, r6 + L);
        FloatVector c7a = FloatVector.fromArray(S, cIn, r7);
        FloatVector c7b = FloatVector.fromArray(S, cIn, r7 + L);
        FloatVector c8a = FloatVector.fromArray(S, cIn, r8);
        FloatVector c8b = FloatVector.fromArray(S, cIn, r8 + L);
        FloatVector c9a = FloatVector.fromArray(S, cIn, r9);
        FloatVector c9b = FloatVector.fromArray(S, cIn, r9 + L);
        FloatVector c10a = FloatVector.fromArray(S, cIn, r10);
        FloatVector c10b = FloatVector.fromArray(S, cIn, r10 + L);
        FloatVector c11a = FloatVector.fromArray(S, cIn, r11);
        FloatVector c11b = FloatVector.fromArray(S, cIn, r11 + L);
        FloatVector c12a = FloatVector.fromArray(S, cIn, r12);
        FloatVector c12b = FloatVector.fromArray(S, cIn, r12 + L);
        FloatVector c13a = FloatVector.fromArray(S, cIn, r13);
        FloatVector c13b = FloatVector.fromArray(S, cIn, r13 + L);
        for (int p = 0; p < kc; p++) {
            int ai = ao + 14 * p;
            int bi = bo + 2 * L * p;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c0a = x.fma(b0, c0a);
            c0b = x.fma(b1, c0b);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c1a = x.fma(b0, c1a);
            c1b = x.fma(b1, c1b);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c2a = x.fma(b0, c2a);
            c2b = x.fma(b1, c2b);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c3a = x.fma(b0, c3a);
            c3b = x.fma(b1, c3b);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c4a = x.fma(b0, c4a);
            c4b = x.fma(b1, c4b);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c5a = x.fma(b0, c5a);
            c5b = x.fma(b1, c5b);
            x = FloatVector.broadcast(S, ap[ai + 6]);
            c6a = x.fma(b0, c6a);
            c6b = x.fma(b1, c6b);
            x = FloatVector.broadcast(S, ap[ai + 7]);
            c7a = x.fma(b0, c7a);
            c7b = x.fma(b1, c7b);
            x = FloatVector.broadcast(S, ap[ai + 8]);
            c8a = x.fma(b0, c8a);
            c8b = x.fma(b1, c8b);
            x = FloatVector.broadcast(S, ap[ai + 9]);
            c9a = x.fma(b0, c9a);
            c9b = x.fma(b1, c9b);
            x = FloatVector.broadcast(S, ap[ai + 10]);
            c10a = x.fma(b0, c10a);
            c10b = x.fma(b1, c10b);
            x = FloatVector.broadcast(S, ap[ai + 11]);
            c11a = x.fma(b0, c11a);
            c11b = x.fma(b1, c11b);
            x = FloatVector.broadcast(S, ap[ai + 12]);
            c12a = x.fma(b0, c12a);
            c12b = x.fma(b1, c12b);
            x = FloatVector.broadcast(S, ap[ai + 13]);
            c13a = x.fma(b0, c13a);
            c13b = x.fma(b1, c13b);
        }
        r0 = out;
        r1 = r0 + outLd;
        r2 = r1 + outLd;
        r3 = r2 + outLd;
        r4 = r3 + outLd;
        r5 = r4 + outLd;
        r6 = r5 + outLd;
        r7 = r6 + outLd;
        r8 = r7 + outLd;
        r9 = r8 + outLd;
        r10 = r9 + outLd;
        r11 = r10 + outLd;
        r12 = r11 + outLd;
        r13 = r12 + outLd;
        c0a.intoArray(cOut, r0);
        c0b.intoArray(cOut, r0 + L);
        c1a.intoArray(cOut, r1);
        c1b.intoArray(cOut, r1 + L);
        c2a.intoArray(cOut, r2);
        c2b.intoArray(cOut, r2 + L);
        c3a.intoArray(cOut, r3);
        c3b.intoArray(cOut, r3 + L);
        c4a.intoArray(cOut, r4);
        c4b.intoArray(cOut, r4 + L);
        c5a.intoArray(cOut, r5);
        c5b.intoArray(cOut, r5 + L);
        c6a.intoArray(cOut, r6);
        c6b.intoArray(cOut, r6 + L);
        c7a.intoArray(cOut, r7);
        c7b.intoArray(cOut, r7 + L);
        c8a.intoArray(cOut, r8);
        c8b.intoArray(cOut, r8 + L);
        c9a.intoArray(cOut, r9);
        c9b.intoArray(cOut, r9 + L);
        c10a.intoArray(cOut, r10);
        c10b.intoArray(cOut, r10 + L);
        c11a.intoArray(cOut, r11);
        c11b.intoArray(cOut, r11 + L);
        c12a.intoArray(cOut, r12);
        c12b.intoArray(cOut, r12 + L);
        c13a.intoArray(cOut, r13);
        c13b.intoArray(cOut, r13 + L);
    }

    /** 6 rows × 2 vectors = 12 accumulators, 2 B vectors and 1 broadcast: fits AVX2's 16 vector registers. */
    static void micro6x2(float[] ap, int ao, float[] bp, int bo, int kc, float[] cIn, int in, int inLd,
                         float[] cOut, int out, int outLd) {
        int r0 = in;
        int r1 = r0 + inLd;
        int r2 = r1 + inLd;
        int r3 = r2 + inLd;
        int r4 = r3 + inLd;
        int r5 = r4 + inLd;
        FloatVector c00 = FloatVector.fromArray(S, cIn, r0);
        FloatVector c01 = FloatVector.fromArray(S, cIn, r0 + L);
        FloatVector c10 = FloatVector.fromArray(S, cIn, r1);
        FloatVector c11 = FloatVector.fromArray(S, cIn, r1 + L);
        FloatVector c20 = FloatVector.fromArray(S, cIn, r2);
        FloatVector c21 = FloatVector.fromArray(S, cIn, r2 + L);
        FloatVector c30 = FloatVector.fromArray(S, cIn, r3);
        FloatVector c31 = FloatVector.fromArray(S, cIn, r3 + L);
        FloatVector c40 = FloatVector.fromArray(S, cIn, r4);
        FloatVector c41 = FloatVector.fromArray(S, cIn, r4 + L);
        FloatVector c50 = FloatVector.fromArray(S, cIn, r5);
        FloatVector c51 = FloatVector.fromArray(S, cIn, r5 + L);
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
        r0 = out;
        r1 = r0 + outLd;
        r2 = r1 + outLd;
        r3 = r2 + outLd;
        r4 = r3 + outLd;
        r5 = r4 + outLd;
        c00.intoArray(cOut, r0);
        c01.intoArray(cOut, r0 + L);
        c10.intoArray(cOut, r1);
        c11.intoArray(cOut, r1 + L);
        c20.intoArray(cOut, r2);
        c21.intoArray(cOut, r2 + L);
        c30.intoArray(cOut, r3);
        c31.intoArray(cOut, r3 + L);
        c40.intoArray(cOut, r4);
        c41.intoArray(cOut, r4 + L);
        c50.intoArray(cOut, r5);
        c51.intoArray(cOut, r5 + L);
    }

    /**
     * One C tile: slivers [is0, is0+rowsS) of packed A times slivers [js0, js0+colsS) of packed B (batch bases
     * aBase / bBase, KC blocks as {@link #packSlivers} / {@link #packB} lay them out). For each KC block, for each B
     * sliver (kept in L1), for each A sliver (streamed from L2), the micro-kernel updates a register block of the
     * tile, which lives in {@code ct} from ctBase (row stride colsS·NR, a whole number of cache lines, so a ctBase on a
     * line keeps every vector on one: {@link LineAlignedArrays}) and is copied into C at the end. The first block's
     * accumulators start from {@link #ZERO_BLOCK}, so ct needs no clearing (measured, paired calls in one JVM,
     * 1024³ on 2 cores: F64 median −3% and −4.5% in two runs; F32 −1.3%, inside the ±1.5% that two copies of the
     * same build differ by in that harness). Two things measured slower: accumulating in C itself (tried
     * in 8a4ba45: for power-of-two leading dimensions the rows of a register block, 4 KiB apart, fight over the
     * same L1 sets) and the last block storing straight into C (+3.5% F32, +3.9% F64 against copying ct out).
     */
    static void tile(float[] ap, int aBase, int nPad, float[] bp, int bBase, int mPad, int k, int kcMax, int is0,
                     int rowsS, int js0, int colsS, float[] ct, int ctBase, float[] c, long cOff, long crs, long ccs,
                     int n, int m) {
        int ldc = colsS * NR;
        for (int p0 = 0; p0 < k; p0 += kcMax) {
            int kc = Math.min(kcMax, k - p0);
            int aBlk = aBase + p0 * nPad;
            int bBlk = bBase + p0 * mPad;
            boolean first = p0 == 0;
            float[] in = first ? ZERO_BLOCK : ct;
            int inLd = first ? NR : ldc;
            for (int js = 0; js < colsS; js++) {
                int bo = bBlk + (js0 + js) * NR * kc;
                for (int is = 0; is < rowsS; is++) {
                    int t = ctBase + is * MR * ldc + js * NR;
                    micro(ap, aBlk + (is0 + is) * MR * kc, bp, bo, kc, in, first ? 0 : t, inLd, ct, t, ldc);
                }
            }
        }
        int i0 = is0 * MR;
        int j0 = js0 * NR;
        storeTile(ct, ctBase, ldc, c, cOff, crs, ccs, i0, Math.min(rowsS * MR, n - i0), j0, Math.min(ldc, m - j0));
    }

    /** C rows [i0, i0+rows) × cols [j0, j0+cols) = the tile's block of ct (from ctBase, row stride ldc). */
    static void storeTile(float[] ct, int ctBase, int ldc, float[] c, long cOff, long crs, long ccs, int i0, int rows,
                          int j0, int cols) {
        for (int i = 0; i < rows; i++) {
            long dst = cOff + (i0 + i) * crs + j0 * ccs;
            if (ccs == 1) {
                System.arraycopy(ct, ctBase + i * ldc, c, (int) dst, cols);
            } else {
                for (int j = 0; j < cols; j++) {
                    c[(int) (dst + j * ccs)] = ct[ctBase + i * ldc + j];
                }
            }
        }
    }
}
