package dev.jgrad.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * F32 GEMM for products too small or too thin to pay for packing (see {@link SimdGemm}): C is computed in blocks
 * of {@link #ROWS} rows × up to {@link #VECTORS} vectors that stay in registers for the whole k loop. A is read in
 * place (one broadcast per row and step, through any strides); B is read in place where its rows are contiguous,
 * and otherwise, like the last partial vector of columns, from a zero-padded copy ({@link #packColumns}), so every
 * load is a full vector and no lane reads past the end of an array.
 *
 * <p>Every C element is {@code fma(a_{k-1}, b_{k-1}, ... fma(a_0, b_0, 0))}, the chain of the packed kernel, so
 * which kernel runs never changes a bit. Rows past the end of C in the last block recompute the last row and are
 * not stored.
 * The build generates SimdSmallGemmF64 from this file (cpu-backend/pom.xml): edit only this one.
 */
final class SimdSmallGemmF32 {
    static final VectorSpecies<Float> S = SimdGemmF32.S;
    static final int L = S.length();
    /**
     * Rows of a register block: eight broadcasts feed every loaded B vector. B is re-read from L2 for every block
     * of rows, so rows per block set the L2 traffic per FMA: measured on the lecture net's 64×1000·1000×100 on one
     * core, 4 rows × 4 vectors ran at 75 GFLOP/s.
     */
    static final int ROWS = 8;
    /** Vectors of a register block: 8 × 3 = 24 accumulators, 3 B vectors and a broadcast fit 32 registers. */
    static final int VECTORS = 3;
    /** Floats of the scratch a block is spilled to when it cannot be stored straight into C. */
    static final int TMP = ROWS * VECTORS * L;

    private SimdSmallGemmF32() {
    }

    /**
     * Where the kernels read B: in place for the columns [0, inPlace) when B's rows are contiguous, and the
     * columns [inPlace, m) from {@code packed}, rows of {@code packedWidth} (a multiple of L) zero-padded.
     */
    record Columns(int inPlace, float[] packed, int packedWidth) {
    }

    /** Copies what the kernels cannot read in place into {@code scratch} (grown if short; see {@link Columns}). */
    static Columns packColumns(float[] b, long bOff, long brs, long bcs, int k, int m, float[] scratch) {
        int inPlace = bcs == 1 ? m / L * L : 0;
        if (inPlace == m) {
            return new Columns(m, null, 0);
        }
        int width = (m - inPlace + L - 1) / L * L;
        float[] packed = scratch.length >= k * width ? scratch : new float[k * width];
        int valid = m - inPlace;
        for (int p = 0; p < k; p++) {
            long src = bOff + p * brs + inPlace * bcs;
            int dst = p * width;
            if (bcs == 1) {
                System.arraycopy(b, (int) src, packed, dst, valid);
            } else {
                for (int j = 0; j < valid; j++) {
                    packed[dst + j] = b[(int) (src + j * bcs)];
                }
            }
            java.util.Arrays.fill(packed, dst + valid, dst + width, 0.0f);
        }
        return new Columns(inPlace, packed, width);
    }

    /** Rows [i0, i1) of C = A·B, every column. */
    static void rows(float[] a, long aOff, long ars, long acs, float[] b, long bOff, long brs, Columns cols,
                     float[] c, long cOff, long crs, long ccs, int n, int k, int m, int i0, int i1, float[] tmp) {
        int as = (int) acs;
        int cs = (int) ccs;
        int rs = (int) crs;
        int vectors = (m + L - 1) / L;
        int inPlace = cols.inPlace() / L;
        float[] packed = cols.packed();
        int w = cols.packedWidth();
        for (int i = i0; i < i1; i += ROWS) {
            int valid = Math.min(ROWS, i1 - i);
            int a0 = (int) (aOff + i * ars);
            int a1 = (int) (aOff + Math.min(i + 1, n - 1) * ars);
            int a2 = (int) (aOff + Math.min(i + 2, n - 1) * ars);
            int a3 = (int) (aOff + Math.min(i + 3, n - 1) * ars);
            int a4 = (int) (aOff + Math.min(i + 4, n - 1) * ars);
            int a5 = (int) (aOff + Math.min(i + 5, n - 1) * ars);
            int a6 = (int) (aOff + Math.min(i + 6, n - 1) * ars);
            int a7 = (int) (aOff + Math.min(i + 7, n - 1) * ars);
            // a whole block of rows side by side (A through a transposed view): see block3
            boolean adjacent = ars == 1 && i + ROWS <= n;
            int c0 = (int) (cOff + i * crs);
            for (int v = 0, nv; v < vectors; v += nv) {
                nv = blockVectors(vectors - v);
                // the block's vectors: all but the last in place or all copied (only a last, partial vector is copied
                // while the others are in place), so the last gets its own source
                int last = v + nv - 1;
                float[] bf = v < inPlace ? b : packed;
                int bo = v < inPlace ? (int) (bOff + v * L) : (v - inPlace) * L;
                int bs = v < inPlace ? (int) brs : w;
                float[] bl = last < inPlace ? b : packed;
                int blo = last < inPlace ? (int) (bOff + last * L) : (last - inPlace) * L;
                int bls = last < inPlace ? (int) brs : w;
                int co = c0 + v * L * cs;
                int left = m - v * L;
                switch (nv) {
                    case 3 -> block3(a, a0, a1, a2, a3, a4, a5, a6, a7, as, adjacent, k, bf, bo, bs, bl, blo, bls, c,
                            co, rs, cs, valid, left, tmp);
                    case 2 -> block2(a, a0, a1, a2, a3, a4, a5, a6, a7, as, adjacent, k, bf, bo, bs, bl, blo, bls, c,
                            co, rs, cs, valid, left, tmp);
                    default -> block1(a, a0, a1, a2, a3, a4, a5, a6, a7, as, k, bl, blo, bls, c, co, rs, cs, valid,
                            left, tmp);
                }
            }
        }
    }

    /**
     * Vectors in the next block when {@code left} remain: {@link #VECTORS}, except that 4 left go as 2 + 2, never
     * 3 + 1. A one-vector block re-reads the ROWS broadcasts of A for a single FMA each, and its chains are as many
     * as the FMA pipes hold, so it ran at about half the speed per vector (measured on one core, 1000×64·64×112 with
     * A transposed: 120 µs against 88 for 96 columns, whose six vectors make two full blocks).
     */
    static int blockVectors(int left) {
        return left == VECTORS + 1 ? (VECTORS + 1) / 2 : Math.min(VECTORS, left);
    }

    /**
     * ROWS × V·L block (V = 3 here, 2, 1 below): rows at a0..a7 of A (step {@code as} along p; with {@code adjacent}
     * at a0, a0 + 1, ..., a0 + 7, which the 3- and 2-vector blocks index from a0 alone), vectors 0..V-2 of
     * B at {@code bo + p·bs + v·L} and the last at {@code blo + p·bls}, stored to the first {@code valid} rows of C
     * from {@code co} (row step rs, column step cs), at most {@code cols} columns. One method per V: a loop over a
     * variable number of accumulators would keep them in memory.
     */
    private static void block3(float[] a, int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7, int as,
                               boolean adjacent, int k, float[] b, int bo, int bs, float[] bl, int blo, int bls,
                               float[] c, int co, int rs, int cs, int valid, int cols, float[] tmp) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z;
        FloatVector c10 = z, c11 = z, c12 = z;
        FloatVector c20 = z, c21 = z, c22 = z;
        FloatVector c30 = z, c31 = z, c32 = z;
        FloatVector c40 = z, c41 = z, c42 = z;
        FloatVector c50 = z, c51 = z, c52 = z;
        FloatVector c60 = z, c61 = z, c62 = z;
        FloatVector c70 = z, c71 = z, c72 = z;
        // rows side by side (A through a transposed view, as in a layer's weight gradient xᵀ·dy): one base and
        // constant offsets, where the general loop holds eight row bases, more live integers than the loop has
        // registers for. Measured, one thread, paired calls with A transposed: 1000×64·64×100 F32 144 → 116 µs
        // (2,873 of 3,000 pairs), F64 263 → 231 µs, 1000×1000·1000×96 F32 2.04 → 1.90 ms; two threads under JMH
        // 81 → 69 µs for the first, the other products within 2%. Written out twice: one loop picking its index per
        // row ran no faster (a probe, 97 µs). The same fma chain either way.
        if (adjacent) {
            for (int p = 0; p < k; p++) {
                int o = bo + p * bs;
                FloatVector b0 = FloatVector.fromArray(S, b, o);
                FloatVector b1 = FloatVector.fromArray(S, b, o + L);
                FloatVector b2 = FloatVector.fromArray(S, bl, blo + p * bls);
                int ai = a0 + p * as;
                FloatVector x = FloatVector.broadcast(S, a[ai]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                c02 = x.fma(b2, c02);
                x = FloatVector.broadcast(S, a[ai + 1]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                c12 = x.fma(b2, c12);
                x = FloatVector.broadcast(S, a[ai + 2]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                c22 = x.fma(b2, c22);
                x = FloatVector.broadcast(S, a[ai + 3]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                c32 = x.fma(b2, c32);
                x = FloatVector.broadcast(S, a[ai + 4]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
                c42 = x.fma(b2, c42);
                x = FloatVector.broadcast(S, a[ai + 5]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
                c52 = x.fma(b2, c52);
                x = FloatVector.broadcast(S, a[ai + 6]);
                c60 = x.fma(b0, c60);
                c61 = x.fma(b1, c61);
                c62 = x.fma(b2, c62);
                x = FloatVector.broadcast(S, a[ai + 7]);
                c70 = x.fma(b0, c70);
                c71 = x.fma(b1, c71);
                c72 = x.fma(b2, c72);
            }
        } else {
            for (int p = 0; p < k; p++) {
                int o = bo + p * bs;
                FloatVector b0 = FloatVector.fromArray(S, b, o);
                FloatVector b1 = FloatVector.fromArray(S, b, o + L);
                FloatVector b2 = FloatVector.fromArray(S, bl, blo + p * bls);
                int ap = p * as;
                FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                c02 = x.fma(b2, c02);
                x = FloatVector.broadcast(S, a[a1 + ap]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                c12 = x.fma(b2, c12);
                x = FloatVector.broadcast(S, a[a2 + ap]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                c22 = x.fma(b2, c22);
                x = FloatVector.broadcast(S, a[a3 + ap]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                c32 = x.fma(b2, c32);
                x = FloatVector.broadcast(S, a[a4 + ap]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
                c42 = x.fma(b2, c42);
                x = FloatVector.broadcast(S, a[a5 + ap]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
                c52 = x.fma(b2, c52);
                x = FloatVector.broadcast(S, a[a6 + ap]);
                c60 = x.fma(b0, c60);
                c61 = x.fma(b1, c61);
                c62 = x.fma(b2, c62);
                x = FloatVector.broadcast(S, a[a7 + ap]);
                c70 = x.fma(b0, c70);
                c71 = x.fma(b1, c71);
                c72 = x.fma(b2, c72);
            }
        }
        // stores stay in this method: a vector passed to a call that is not inlined is boxed on the heap
        if (cs == 1 && cols >= 3 * L && valid == ROWS) {
            c00.intoArray(c, co);
            c01.intoArray(c, co + L);
            c02.intoArray(c, co + 2 * L);
            c10.intoArray(c, co + rs);
            c11.intoArray(c, co + rs + L);
            c12.intoArray(c, co + rs + 2 * L);
            c20.intoArray(c, co + 2 * rs);
            c21.intoArray(c, co + 2 * rs + L);
            c22.intoArray(c, co + 2 * rs + 2 * L);
            c30.intoArray(c, co + 3 * rs);
            c31.intoArray(c, co + 3 * rs + L);
            c32.intoArray(c, co + 3 * rs + 2 * L);
            c40.intoArray(c, co + 4 * rs);
            c41.intoArray(c, co + 4 * rs + L);
            c42.intoArray(c, co + 4 * rs + 2 * L);
            c50.intoArray(c, co + 5 * rs);
            c51.intoArray(c, co + 5 * rs + L);
            c52.intoArray(c, co + 5 * rs + 2 * L);
            c60.intoArray(c, co + 6 * rs);
            c61.intoArray(c, co + 6 * rs + L);
            c62.intoArray(c, co + 6 * rs + 2 * L);
            c70.intoArray(c, co + 7 * rs);
            c71.intoArray(c, co + 7 * rs + L);
            c72.intoArray(c, co + 7 * rs + 2 * L);
            return;
        }
        int w = 3 * L;
        c00.intoArray(tmp, 0);
        c01.intoArray(tmp, L);
        c02.intoArray(tmp, 2 * L);
        c10.intoArray(tmp, w);
        c11.intoArray(tmp, w + L);
        c12.intoArray(tmp, w + 2 * L);
        c20.intoArray(tmp, 2 * w);
        c21.intoArray(tmp, 2 * w + L);
        c22.intoArray(tmp, 2 * w + 2 * L);
        c30.intoArray(tmp, 3 * w);
        c31.intoArray(tmp, 3 * w + L);
        c32.intoArray(tmp, 3 * w + 2 * L);
        c40.intoArray(tmp, 4 * w);
        c41.intoArray(tmp, 4 * w + L);
        c42.intoArray(tmp, 4 * w + 2 * L);
        c50.intoArray(tmp, 5 * w);
        c51.intoArray(tmp, 5 * w + L);
        c52.intoArray(tmp, 5 * w + 2 * L);
        c60.intoArray(tmp, 6 * w);
        c61.intoArray(tmp, 6 * w + L);
        c62.intoArray(tmp, 6 * w + 2 * L);
        c70.intoArray(tmp, 7 * w);
        c71.intoArray(tmp, 7 * w + L);
        c72.intoArray(tmp, 7 * w + 2 * L);
        copyOut(tmp, w, c, co, rs, cs, valid, Math.min(cols, w));
    }

    private static void block2(float[] a, int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7, int as,
                               boolean adjacent, int k, float[] b, int bo, int bs, float[] bl, int blo, int bls,
                               float[] c, int co, int rs, int cs, int valid, int cols, float[] tmp) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z;
        FloatVector c10 = z, c11 = z;
        FloatVector c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z;
        FloatVector c50 = z, c51 = z;
        FloatVector c60 = z, c61 = z;
        FloatVector c70 = z, c71 = z;
        if (adjacent) {
            for (int p = 0; p < k; p++) {
                int o = bo + p * bs;
                FloatVector b0 = FloatVector.fromArray(S, b, o);
                FloatVector b1 = FloatVector.fromArray(S, bl, blo + p * bls);
                int ai = a0 + p * as;
                FloatVector x = FloatVector.broadcast(S, a[ai]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = FloatVector.broadcast(S, a[ai + 1]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = FloatVector.broadcast(S, a[ai + 2]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = FloatVector.broadcast(S, a[ai + 3]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                x = FloatVector.broadcast(S, a[ai + 4]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
                x = FloatVector.broadcast(S, a[ai + 5]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
                x = FloatVector.broadcast(S, a[ai + 6]);
                c60 = x.fma(b0, c60);
                c61 = x.fma(b1, c61);
                x = FloatVector.broadcast(S, a[ai + 7]);
                c70 = x.fma(b0, c70);
                c71 = x.fma(b1, c71);
            }
        } else {
            for (int p = 0; p < k; p++) {
                int o = bo + p * bs;
                FloatVector b0 = FloatVector.fromArray(S, b, o);
                FloatVector b1 = FloatVector.fromArray(S, bl, blo + p * bls);
                int ap = p * as;
                FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = FloatVector.broadcast(S, a[a1 + ap]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = FloatVector.broadcast(S, a[a2 + ap]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = FloatVector.broadcast(S, a[a3 + ap]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                x = FloatVector.broadcast(S, a[a4 + ap]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
                x = FloatVector.broadcast(S, a[a5 + ap]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
                x = FloatVector.broadcast(S, a[a6 + ap]);
                c60 = x.fma(b0, c60);
                c61 = x.fma(b1, c61);
                x = FloatVector.broadcast(S, a[a7 + ap]);
                c70 = x.fma(b0, c70);
                c71 = x.fma(b1, c71);
            }
        }
        // stores stay in this method: a vector passed to a call that is not inlined is boxed on the heap
        if (cs == 1 && cols >= 2 * L && valid == ROWS) {
            c00.intoArray(c, co);
            c01.intoArray(c, co + L);
            c10.intoArray(c, co + rs);
            c11.intoArray(c, co + rs + L);
            c20.intoArray(c, co + 2 * rs);
            c21.intoArray(c, co + 2 * rs + L);
            c30.intoArray(c, co + 3 * rs);
            c31.intoArray(c, co + 3 * rs + L);
            c40.intoArray(c, co + 4 * rs);
            c41.intoArray(c, co + 4 * rs + L);
            c50.intoArray(c, co + 5 * rs);
            c51.intoArray(c, co + 5 * rs + L);
            c60.intoArray(c, co + 6 * rs);
            c61.intoArray(c, co + 6 * rs + L);
            c70.intoArray(c, co + 7 * rs);
            c71.intoArray(c, co + 7 * rs + L);
            return;
        }
        int w = 2 * L;
        c00.intoArray(tmp, 0);
        c01.intoArray(tmp, L);
        c10.intoArray(tmp, w);
        c11.intoArray(tmp, w + L);
        c20.intoArray(tmp, 2 * w);
        c21.intoArray(tmp, 2 * w + L);
        c30.intoArray(tmp, 3 * w);
        c31.intoArray(tmp, 3 * w + L);
        c40.intoArray(tmp, 4 * w);
        c41.intoArray(tmp, 4 * w + L);
        c50.intoArray(tmp, 5 * w);
        c51.intoArray(tmp, 5 * w + L);
        c60.intoArray(tmp, 6 * w);
        c61.intoArray(tmp, 6 * w + L);
        c70.intoArray(tmp, 7 * w);
        c71.intoArray(tmp, 7 * w + L);
        copyOut(tmp, w, c, co, rs, cs, valid, Math.min(cols, w));
    }

    private static void block1(float[] a, int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7, int as,
                               int k, float[] bl, int blo, int bls, float[] c, int co,
                               int rs, int cs, int valid, int cols, float[] tmp) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z;
        FloatVector c10 = z;
        FloatVector c20 = z;
        FloatVector c30 = z;
        FloatVector c40 = z;
        FloatVector c50 = z;
        FloatVector c60 = z;
        FloatVector c70 = z;
        for (int p = 0; p < k; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bl, blo + p * bls);
            int ap = p * as;
            FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = x.fma(b0, c00);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = x.fma(b0, c10);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = x.fma(b0, c20);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = x.fma(b0, c30);
            x = FloatVector.broadcast(S, a[a4 + ap]);
            c40 = x.fma(b0, c40);
            x = FloatVector.broadcast(S, a[a5 + ap]);
            c50 = x.fma(b0, c50);
            x = FloatVector.broadcast(S, a[a6 + ap]);
            c60 = x.fma(b0, c60);
            x = FloatVector.broadcast(S, a[a7 + ap]);
            c70 = x.fma(b0, c70);
        }
        // stores stay in this method: a vector passed to a call that is not inlined is boxed on the heap
        if (cs == 1 && cols >= 1 * L && valid == ROWS) {
            c00.intoArray(c, co);
            c10.intoArray(c, co + rs);
            c20.intoArray(c, co + 2 * rs);
            c30.intoArray(c, co + 3 * rs);
            c40.intoArray(c, co + 4 * rs);
            c50.intoArray(c, co + 5 * rs);
            c60.intoArray(c, co + 6 * rs);
            c70.intoArray(c, co + 7 * rs);
            return;
        }
        int w = L;
        c00.intoArray(tmp, 0);
        c10.intoArray(tmp, w);
        c20.intoArray(tmp, 2 * w);
        c30.intoArray(tmp, 3 * w);
        c40.intoArray(tmp, 4 * w);
        c50.intoArray(tmp, 5 * w);
        c60.intoArray(tmp, 6 * w);
        c70.intoArray(tmp, 7 * w);
        copyOut(tmp, w, c, co, rs, cs, valid, Math.min(cols, w));
    }


    /** The first {@code valid} rows × {@code cols} columns of tmp (row length w) to C. */
    private static void copyOut(float[] tmp, int w, float[] c, int co, int rs, int cs, int valid, int cols) {
        for (int r = 0; r < valid; r++) {
            if (cs == 1) {
                System.arraycopy(tmp, r * w, c, co + r * rs, cols);
            } else {
                for (int j = 0; j < cols; j++) {
                    c[co + r * rs + j * cs] = tmp[r * w + j];
                }
            }
        }
    }
}
