package dev.jgrad.cuda;

import dev.jgrad.spi.Layout;
import java.util.Arrays;

/**
 * The cuBLAS arguments for a row-major batched product {@code out = a · b}, read from the layouts.
 *
 * <p>cuBLAS is column-major. A row-major (n×m) {@code out} with row stride {@code ldc} is, read
 * column-major, its transpose (m×n), so we ask cuBLAS for {@code outᵀ = bᵀ · aᵀ}: cuBLAS's "A" is
 * our {@code b} and its "B" is our {@code a}. An operand whose column stride is 1 is already the
 * needed transpose in column-major terms ({@code OP_N}, ld = row stride); one whose row stride is 1
 * (a transposed view) is the matrix itself ({@code OP_T}, ld = column stride). No copy either way;
 * anything else (a broadcast inside the matrix, two non-unit strides) needs a contiguous copy first,
 * which {@link #canRead} tells the caller.
 *
 * <p>Batch dims (same shape on all three, stride 0 where broadcast) are merged where possible; the
 * innermost merged batch dim becomes one strided-batched call, outer ones become separate calls at
 * the offsets listed.
 *
 * @param transA   cuBLAS op of A (our b): false = N, true = T
 * @param transB   cuBLAS op of B (our a)
 * @param m        rows of op(A) and of C: our out's columns
 * @param n        columns of op(B) and of C: our out's rows
 * @param k        the contracted size
 * @param strideA  elements between A matrices in a strided batch (0 = broadcast)
 * @param offsetsA element offset of A (in b's storage) for each call; likewise B (a) and C (out)
 */
record GemmPlan(boolean transA, boolean transB, int m, int n, int k, int lda, int ldb, int ldc,
                long strideA, long strideB, long strideC, int batchCount,
                long[] offsetsA, long[] offsetsB, long[] offsetsC) {

    /** How cuBLAS reads one operand: transposed or not, and its leading dimension. Null when it can't. */
    private record Read(boolean trans, long ld) {
    }

    /** True when a {@code (..., R, C)} operand can be handed to cuBLAS as it is. */
    static boolean canRead(Layout x) {
        int r = x.rank();
        return read(x.dim(r - 2), x.dim(r - 1), x.stride(r - 2), x.stride(r - 1)) != null;
    }

    /** True when cuBLAS can write the (..., n, m) output in place (column stride 1). */
    static boolean canWrite(Layout out) {
        int r = out.rank();
        return write(out.dim(r - 2), out.dim(r - 1), out.stride(r - 2), out.stride(r - 1)) >= 0;
    }

    /**
     * The plan for {@code out (B..., n, m) = a (B..., n, k) · b (B..., k, m)}, all of one rank >= 2
     * with equal batch shapes. Throws {@link IllegalArgumentException} when an operand needs a copy
     * first or a size exceeds cuBLAS's 32-bit arguments.
     */
    static GemmPlan of(Layout a, Layout b, Layout out) {
        int r = out.rank();
        if (r < 2 || a.rank() != r || b.rank() != r) {
            throw new IllegalArgumentException("matmul: ranks differ or < 2: a " + a + ", b " + b + ", out " + out);
        }
        long n = out.dim(r - 2);
        long m = out.dim(r - 1);
        long k = a.dim(r - 1);
        if (a.dim(r - 2) != n || b.dim(r - 2) != k || b.dim(r - 1) != m) {
            throw new IllegalArgumentException("matmul: shapes disagree: a " + a + ", b " + b + ", out " + out);
        }
        // cuBLAS A = b (k×m row-major) read so that op(A) = bᵀ; cuBLAS B = a (n×k) so that op(B) = aᵀ.
        Read ra = read(k, m, b.stride(r - 2), b.stride(r - 1));
        Read rb = read(n, k, a.stride(r - 2), a.stride(r - 1));
        long ldc = write(n, m, out.stride(r - 2), out.stride(r - 1));
        if (ra == null || rb == null || ldc < 0) {
            throw new IllegalArgumentException("matmul: cuBLAS cannot read this layout without a copy: a " + a
                    + ", b " + b + ", out " + out);
        }

        long[] batchShape = Arrays.copyOf(out.shape(), r - 2);
        Layout[] batch = KernelLayout.coalesce(
                batchOnly(b, batchShape), batchOnly(a, batchShape), batchOnly(out, batchShape));
        int q = batch[0].rank();
        long count = q == 0 ? 1 : batch[0].dim(q - 1);
        long strideA = q == 0 ? 0 : batch[0].stride(q - 1);
        long strideB = q == 0 ? 0 : batch[1].stride(q - 1);
        long strideC = q == 0 ? 0 : batch[2].stride(q - 1);
        long calls = 1;
        for (int d = 0; d < q - 1; d++) {
            calls *= batch[0].dim(d);
        }
        long[] offA = new long[Math.toIntExact(calls)];
        long[] offB = new long[offA.length];
        long[] offC = new long[offA.length];
        for (int c = 0; c < offA.length; c++) {
            long rest = c;
            long oa = b.offset();
            long ob = a.offset();
            long oc = out.offset();
            for (int d = q - 2; d >= 0; d--) {
                long size = batch[0].dim(d);
                long i = rest % size;
                rest /= size;
                oa += i * batch[0].stride(d);
                ob += i * batch[1].stride(d);
                oc += i * batch[2].stride(d);
            }
            offA[c] = oa;
            offB[c] = ob;
            offC[c] = oc;
        }
        return new GemmPlan(ra.trans, rb.trans, toInt("m", m, out), toInt("n", n, out), toInt("k", k, out),
                toInt("lda", ra.ld, b), toInt("ldb", rb.ld, a), toInt("ldc", ldc, out),
                strideA, strideB, strideC, toInt("batch count", count, out), offA, offB, offC);
    }

    /** Number of cuBLAS calls the plan makes. */
    int calls() {
        return offsetsA.length;
    }

    /**
     * An R×C row-major operand X with strides (sr, sc), read so that op(X_colmajor) = Xᵀ (C×R).
     * Size-1 dims have no meaningful stride, so they never disqualify a form.
     */
    private static Read read(long rows, long cols, long sr, long sc) {
        if ((cols == 1 || sc == 1) && (rows == 1 || sr >= cols)) {
            return new Read(false, rows == 1 ? Math.max(1, cols) : sr);     // memory is Xᵀ column-major
        }
        if ((rows == 1 || sr == 1) && (cols == 1 || sc >= rows)) {
            return new Read(true, cols == 1 ? Math.max(1, rows) : sc);      // memory is X column-major
        }
        return null;
    }

    /** ldc for an n×m row-major output read column-major as m×n, or -1 when it is not writable so. */
    private static long write(long n, long m, long sr, long sc) {
        if ((m == 1 || sc == 1) && (n == 1 || sr >= m)) {
            return n == 1 ? Math.max(1, m) : sr;
        }
        return -1;
    }

    private static Layout batchOnly(Layout x, long[] batchShape) {
        long[] st = Arrays.copyOf(x.strides(), batchShape.length);
        return new Layout(batchShape, st, 0);
    }

    private static int toInt(String what, long v, Layout of) {
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("matmul: " + what + " = " + v + " exceeds cuBLAS's 32-bit limit for " + of);
        }
        return (int) v;
    }
}
