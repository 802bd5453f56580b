package dev.jgrad.cpu;

import dev.jgrad.spi.ReduceOp;
import dev.jgrad.spi.View;
import java.util.function.IntConsumer;

/**
 * SUM / MAX / MIN over any set of dims, bitwise reproducible: the order of every floating-point operation is
 * fixed by the shapes and strides alone, never by the thread count or timing. F32 and F64 accumulate in double
 * (for F32 far more accurate than float accumulation, at no cost in speed); I32 accumulates in long and wraps
 * like Java int arithmetic when stored. MAX/MIN propagate NaN (Math.max/min semantics) and are order-free.
 *
 * <p>Two walks: "rows" reduces each output element over its reduced elements (best when the reduced dims are
 * innermost in memory); a SUM there splits the reduced elements (row-major order) into fixed chunks of
 * {@link CpuKernels#CHUNK}, sums each chunk in {@link CpuKernels#LANES} interleaved lanes folded by a fixed tree,
 * and adds the chunk sums in chunk order, so one huge sum can run on all threads (one task per chunk) and
 * vectorises, with the same bits on any thread count and on the SIMD and scalar kernels. "Columns" sweeps
 * each reduced coordinate in order across a block of contiguous outputs (e.g. summing over dim 0 of a
 * row-major matrix: unit-stride, vectorisable), each output accumulating in reduced row-major order, within
 * each of a fixed number of pieces of the reduced coordinates and then piece by piece ({@link #columnPieces}).
 */
final class Reductions {
    private static final long MIN_WORK_PER_CHUNK = 1 << 15;
    /** Pieces of the columns walk (at most), and the fewest reduced rows per piece. */
    private static final int COLUMN_PIECES = 16;
    private static final long COLUMN_PIECE_MIN_ROWS = 16;
    /** Outputs up to which the columns walk is cut into pieces (their partials: 16 × this many doubles, 1 MiB). */
    private static final long COLUMN_PIECE_MAX_OUTPUTS = 1 << 13;

    private Reductions() {
    }

    static void reduce(CpuThreads threads, CpuKernels kernels, ReduceOp op, View in, int[] dims, View out) {
        ReducedSplit split = ReducedSplit.of(in.layout(), ReducedSplit.mask(in.rank(), dims), out.layout());
        IterSpace kept = split.kept;
        if (kept.numel == 0) {
            return;
        }
        Object src = ((CpuStorage) in.storage()).array();
        Object dst = ((CpuStorage) out.storage()).array();
        if (split.reduced.numel == 0) {
            Elementwise.run(threads, (a, o, lin, n) -> ConvertKernels.fill(a[0], o[0], n, op.identity()),
                    new Object[] {dst}, out.layout());
            return;
        }
        boolean ints = src instanceof int[];
        double[] acc = ints ? null : new double[(int) kept.numel];
        long[] accL = ints ? new long[(int) kept.numel] : null;
        boolean columns = !ints && split.reduced.innerStride(0) != 1 && kept.innerStride(1) == 1
                && kept.innerSize() >= 8;
        if (!ints && !columns) {
            rows(threads, kernels, op, src, split, acc);
            store(kept, acc, accL, dst);
            return;
        }
        if (columns && columnPieces(split) > 1) {
            columnsInPieces(threads, kernels, op, src, split, acc);
            store(kept, acc, accL, dst);
            return;
        }
        CpuThreads.RangeBody body = (s, e) -> {
            if (ints) {
                rowsInt(op, src, split, accL, s, e);
            } else {
                columns(kernels, op, src, split, 0, split.reduced.numel, acc, 0, s, e);
            }
        };
        long work = kept.numel * split.reduced.numel;
        if (work < Elementwise.PARALLEL_THRESHOLD) {
            body.run(0, kept.numel);
        } else {
            threads.parallelRange(kept.numel, Math.max(1, MIN_WORK_PER_CHUNK / split.reduced.numel), body);
        }
        store(kept, acc, accL, dst);
    }

    /**
     * The rows walk: one task per (output element, chunk of its reduced elements); chunk partials are then
     * folded per output in chunk order, so how tasks are spread over threads never shows in the result.
     */
    private static void rows(CpuThreads threads, CpuKernels kernels, ReduceOp op, Object src, ReducedSplit split,
                             double[] acc) {
        long redNumel = split.reduced.numel;
        int chunks = (int) ((redNumel + CpuKernels.CHUNK - 1) / CpuKernels.CHUNK);
        long pieces = split.kept.numel * chunks;
        if (pieces > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cpu reduce: " + pieces + " partial results do not fit in an array");
        }
        double[] part = chunks == 1 ? acc : new double[(int) pieces];
        CpuThreads.RangeBody body = (s, e) -> rowPieces(kernels, op, src, split, chunks, part, s, e);
        if (split.kept.numel * redNumel < Elementwise.PARALLEL_THRESHOLD) {
            body.run(0, pieces);
        } else {
            threads.parallelRange(pieces, Math.max(1, MIN_WORK_PER_CHUNK / Math.min(redNumel, CpuKernels.CHUNK)), body);
        }
        if (chunks > 1) {
            for (int o = 0; o < acc.length; o++) {
                double a = op.identity();
                for (int c = 0; c < chunks; c++) {
                    a = combine(op, a, part[o * chunks + c]);
                }
                acc[o] = a;
            }
        }
    }

    /** part[t] = the partial of piece t = (output t / chunks, chunk t % chunks), for t in [start, end). */
    private static void rowPieces(CpuKernels kernels, ReduceOp op, Object src, ReducedSplit split, int chunks,
                                  double[] part, long start, long end) {
        double[] buf = Scratch.get().doubles(1);
        double[] lanes = new double[CpuKernels.LANES];
        StridedIndexer keptIt = new StridedIndexer(split.kept);
        long at = start / chunks;
        keptIt.seek(at);
        StridedIndexer redIt = new StridedIndexer(split.reduced);
        long redNumel = split.reduced.numel;
        long redStride = split.reduced.innerStride(0);
        boolean unit = redStride == 1;
        for (long t = start; t < end; t++) {
            long o = t / chunks;
            for (; at < o; at++) {
                keptIt.advance(1);
            }
            long base = keptIt.pos[1];
            long r0 = (t % chunks) * CpuKernels.CHUNK;
            long r1 = Math.min(redNumel, r0 + CpuKernels.CHUNK);
            redIt.seek(r0);
            double a = op.identity();
            if (op == ReduceOp.SUM) {
                java.util.Arrays.fill(lanes, 0.0);
            }
            for (long r = r0; r < r1; ) {
                int n = redIt.run(unit ? r1 - r : Math.min(r1 - r, Scratch.BLOCK));
                long off = base + redIt.pos[0];
                int phase = (int) ((r - r0) & (CpuKernels.LANES - 1));
                if (op == ReduceOp.SUM && unit && src instanceof double[] d) {
                    kernels.addLanes(d, (int) off, n, lanes, phase);
                } else if (op == ReduceOp.SUM && unit && src instanceof float[] f) {
                    kernels.addLanes(f, (int) off, n, lanes, phase);
                } else if (unit) {        // I32 takes rowsInt, so here src is float[] or double[]
                    a = kernels.foldRun(op, src, (int) off, n, a);
                } else {
                    n = Math.min(n, Scratch.BLOCK);
                    Gather.toDouble(src, off, redStride, buf, n);
                    if (op == ReduceOp.SUM) {
                        kernels.addLanes(buf, 0, n, lanes, phase);
                    } else {
                        a = combine(op, a, buf, n);
                    }
                }
                redIt.advance(n);
                r += n;
            }
            part[(int) t] = op == ReduceOp.SUM ? CpuKernels.foldLanes(lanes) : a;
        }
    }

    /**
     * The number of pieces the columns walk cuts the reduced coordinates into: each piece folds its rows into its
     * own partial outputs (one task, reading whole contiguous runs), then the partials are folded in piece order.
     * A function of the shape alone, so the bits never depend on the thread count. Why pieces: split by outputs
     * instead, every task reads a short run from each of the many reduced rows; measured on a 1024×1024 F32 sum
     * over dim 0 (2 cores), that ran slower on two threads (605 µs median) than on one (230). Only while the
     * partials stay small: a wide output is split by outputs, where the runs are long anyway.
     */
    private static int columnPieces(ReducedSplit split) {
        long outputs = split.kept.numel;
        long rows = split.reduced.numel;
        if (outputs > COLUMN_PIECE_MAX_OUTPUTS) {
            return 1;
        }
        return (int) Math.max(1, Math.min(COLUMN_PIECES, rows / COLUMN_PIECE_MIN_ROWS));
    }

    private static void columnsInPieces(CpuThreads threads, CpuKernels kernels, ReduceOp op, Object src,
                                        ReducedSplit split, double[] acc) {
        int pieces = columnPieces(split);
        int outputs = acc.length;
        long rows = split.reduced.numel;
        double[] part = new double[pieces * outputs];
        IntConsumer piece = c -> columns(kernels, op, src, split, rows * c / pieces, rows * (c + 1) / pieces, part,
                c * outputs, 0, outputs);
        if (rows * outputs < Elementwise.PARALLEL_THRESHOLD) {
            for (int c = 0; c < pieces; c++) {
                piece.accept(c);
            }
        } else {
            threads.parallelFor(pieces, piece);
        }
        java.util.Arrays.fill(acc, op.identity());
        for (int c = 0; c < pieces; c++) {
            kernels.foldInto(op, part, c * outputs, outputs, acc, 0);
        }
    }

    /**
     * For each reduced coordinate in [r0, r1), in row-major order, folds the contiguous inputs of outputs
     * [start, end) into {@code out[outBase + o]} (set to the identity first): each output accumulates its inputs
     * strictly in reduced row-major order.
     */
    private static void columns(CpuKernels kernels, ReduceOp op, Object src, ReducedSplit split, long r0, long r1,
                                double[] out, int outBase, long start, long end) {
        java.util.Arrays.fill(out, outBase + (int) start, outBase + (int) end, op.identity());
        StridedIndexer keptIt = new StridedIndexer(split.kept);
        StridedIndexer redIt = new StridedIndexer(split.reduced);
        redIt.seek(r0);
        for (long r = r0; r < r1; r++) {
            long redOff = redIt.pos[0];
            keptIt.seek(start);
            for (long at = start; at < end; ) {
                int n = keptIt.run(Math.min(end - at, Scratch.BLOCK));
                kernels.foldInto(op, src, (int) (keptIt.pos[1] + redOff), n, out, outBase + (int) at);
                keptIt.advance(n);
                at += n;
            }
            redIt.advance(1);
        }
    }

    private static void rowsInt(ReduceOp op, Object src, ReducedSplit split, long[] acc, long start, long end) {
        int[] x = (int[]) src;
        StridedIndexer keptIt = new StridedIndexer(split.kept);
        keptIt.seek(start);
        StridedIndexer redIt = new StridedIndexer(split.reduced);
        long redNumel = split.reduced.numel;
        int redStride = (int) split.reduced.innerStride(0);
        for (long i = start; i < end; i++) {
            long base = keptIt.pos[1];
            long a = switch (op) {
                case SUM -> 0L;
                case MAX -> Long.MIN_VALUE;
                case MIN -> Long.MAX_VALUE;
            };
            redIt.seek(0);
            for (long done = 0; done < redNumel; ) {
                int n = redIt.run(Integer.MAX_VALUE);
                int o = (int) (base + redIt.pos[0]);
                for (int j = 0; j < n; j++) {
                    int v = x[o + j * redStride];
                    a = switch (op) {
                        case SUM -> a + v;
                        case MAX -> Math.max(a, v);
                        case MIN -> Math.min(a, v);
                    };
                }
                redIt.advance(n);
                done += n;
            }
            acc[(int) i] = a;
            keptIt.advance(1);
        }
    }

    private static double combine(ReduceOp op, double a, double x) {
        return switch (op) {
            case SUM -> a + x;
            case MAX -> Math.max(a, x);
            case MIN -> Math.min(a, x);
        };
    }

    static double combine(ReduceOp op, double a, double[] x, int n) {
        switch (op) {
            case SUM -> { for (int i = 0; i < n; i++) a += x[i]; }
            case MAX -> { for (int i = 0; i < n; i++) a = Math.max(a, x[i]); }
            case MIN -> { for (int i = 0; i < n; i++) a = Math.min(a, x[i]); }
            default -> throw new IllegalArgumentException("cpu reduce: unsupported op " + op);
        }
        return a;
    }

    /** Writes the accumulators (kept row-major order) into the output through its strides. */
    private static void store(IterSpace kept, double[] acc, long[] accL, Object dst) {
        StridedIndexer it = new StridedIndexer(kept);
        long stride = kept.innerStride(0);
        for (long at = 0; at < kept.numel; ) {
            int n = it.run(Integer.MAX_VALUE);
            int o = it.intPos(0);
            int a = (int) at;
            if (dst instanceof float[] d) {
                for (int j = 0; j < n; j++) d[(int) (o + j * stride)] = (float) acc[a + j];
            } else if (dst instanceof double[] d) {
                for (int j = 0; j < n; j++) d[(int) (o + j * stride)] = acc[a + j];
            } else {
                int[] d = (int[]) dst;
                for (int j = 0; j < n; j++) d[(int) (o + j * stride)] = (int) accL[a + j];
            }
            it.advance(n);
            at += n;
        }
    }
}
