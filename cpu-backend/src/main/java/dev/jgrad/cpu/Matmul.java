package dev.jgrad.cpu;

import dev.jgrad.spi.Layout;
import dev.jgrad.spi.View;

/**
 * Batched matrix product (B..., n, k) × (B..., k, m) over any strides (stride-0 broadcast batch dims,
 * transposed operands read in place): resolves the batch offsets into a {@link GemmProblem} and hands it to
 * the active {@link CpuKernels} (scalar: {@link ScalarGemm}; Vector API: {@code SimdGemm}), by way of
 * {@link SubnormalScaling} (subnormal operands would slow every kernel down several times).
 */
final class Matmul {
    private final CpuThreads threads;
    private final CpuKernels kernels;

    Matmul(CpuThreads threads, CpuKernels kernels) {
        this.threads = threads;
        this.kernels = kernels;
    }

    void run(View a, View b, View out) {
        Layout la = a.layout();
        Layout lb = b.layout();
        Layout lc = out.layout();
        int r = lc.rank();
        int n = (int) lc.dim(r - 2);
        int m = (int) lc.dim(r - 1);
        int k = (int) la.dim(r - 1);
        if (lc.numel() == 0) {
            return;
        }
        Object cc = ((CpuStorage) out.storage()).array();
        if (k == 0) {
            Elementwise.run(threads, (arr, o, lin, len) -> ConvertKernels.fill(arr[0], o[0], len, 0.0),
                    new Object[] {cc}, lc);
            return;
        }
        GemmProblem p = new GemmProblem(((CpuStorage) a.storage()).array(), ((CpuStorage) b.storage()).array(), cc,
                batchOffsets(la, lb, lc), la.stride(r - 2), la.stride(r - 1), lb.stride(r - 2), lb.stride(r - 1),
                lc.stride(r - 2), lc.stride(r - 1), n, k, m);
        SubnormalScaling.matmul(kernels, threads, p);
    }

    /** Storage offsets of each batch's matrices, in row-major batch order. */
    private static long[][] batchOffsets(Layout la, Layout lb, Layout lc) {
        int r = lc.rank();
        long[] shape = java.util.Arrays.copyOf(lc.shape(), r - 2);
        long[][] strides = {
            java.util.Arrays.copyOf(la.strides(), r - 2),
            java.util.Arrays.copyOf(lb.strides(), r - 2),
            java.util.Arrays.copyOf(lc.strides(), r - 2)};
        IterSpace space = IterSpace.of(shape, strides, new long[] {la.offset(), lb.offset(), lc.offset()});
        long[][] offs = new long[(int) space.numel][];
        StridedIndexer it = new StridedIndexer(space);
        for (int t = 0; t < offs.length; t++) {
            offs[t] = new long[] {it.pos[0], it.pos[1], it.pos[2]};
            it.advance(1);
        }
        return offs;
    }
}
