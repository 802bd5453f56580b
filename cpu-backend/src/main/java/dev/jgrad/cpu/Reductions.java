package dev.jgrad.cpu;

import dev.jgrad.spi.ReduceOp;
import dev.jgrad.spi.View;

/**
 * SUM / MAX / MIN over any set of dims. Every output element is accumulated strictly in row-major order
 * of the reduced coordinates, starting from the identity, so results are bitwise reproducible and do not
 * depend on the strategy or the thread split. F32 and F64 accumulate in double (for F32 this makes sums
 * far more accurate than float accumulation, at no cost in speed); I32 accumulates in long and wraps like
 * Java int arithmetic when stored. MAX/MIN propagate NaN (Math.max/min semantics).
 *
 * <p>Two walks produce the same bits: "rows" reduces each output element over its reduced run (best when
 * the reduced dims are innermost in memory), "columns" sweeps each reduced coordinate across a block of
 * contiguous outputs (best for e.g. summing over dim 0 of a row-major matrix: unit-stride, vectorisable).
 */
final class Reductions {
    private static final long MIN_WORK_PER_CHUNK = 1 << 15;

    private Reductions() {
    }

    static void reduce(CpuThreads threads, ReduceOp op, View in, int[] dims, View out) {
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
        CpuThreads.RangeBody body = (s, e) -> {
            if (ints) {
                rowsInt(op, src, split, accL, s, e);
            } else if (columns) {
                columns(op, src, split, acc, s, e);
            } else {
                rows(op, src, split, acc, s, e);
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

    /** Each output element accumulates its own reduced elements, run by run. */
    private static void rows(ReduceOp op, Object src, ReducedSplit split, double[] acc, long start, long end) {
        double[] buf = Scratch.get().doubles(1);
        StridedIndexer keptIt = new StridedIndexer(split.kept);
        keptIt.seek(start);
        StridedIndexer redIt = new StridedIndexer(split.reduced);
        long redNumel = split.reduced.numel;
        long redStride = split.reduced.innerStride(0);
        for (long i = start; i < end; i++) {
            long base = keptIt.pos[1];
            double a = op.identity();
            redIt.seek(0);
            for (long done = 0; done < redNumel; ) {
                int n = redIt.run(Scratch.BLOCK);
                Gather.toDouble(src, base + redIt.pos[0], redStride, buf, n);
                a = combine(op, a, buf, n);
                redIt.advance(n);
                done += n;
            }
            acc[(int) i] = a;
            keptIt.advance(1);
        }
    }

    /** For each reduced coordinate in row-major order, fold a contiguous block of inputs into their outputs. */
    private static void columns(ReduceOp op, Object src, ReducedSplit split, double[] acc, long start, long end) {
        double[] buf = Scratch.get().doubles(1);
        java.util.Arrays.fill(acc, (int) start, (int) end, op.identity());
        StridedIndexer keptIt = new StridedIndexer(split.kept);
        StridedIndexer redIt = new StridedIndexer(split.reduced);
        for (long r = 0; r < split.reduced.numel; r++) {
            long redOff = redIt.pos[0];
            keptIt.seek(start);
            for (long at = start; at < end; ) {
                int n = keptIt.run(Math.min(end - at, Scratch.BLOCK));
                Gather.toDouble(src, keptIt.pos[1] + redOff, 1, buf, n);
                combineInto(op, acc, (int) at, buf, n);
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

    static double combine(ReduceOp op, double a, double[] x, int n) {
        switch (op) {
            case SUM -> { for (int i = 0; i < n; i++) a += x[i]; }
            case MAX -> { for (int i = 0; i < n; i++) a = Math.max(a, x[i]); }
            case MIN -> { for (int i = 0; i < n; i++) a = Math.min(a, x[i]); }
            default -> throw new IllegalArgumentException("cpu reduce: unsupported op " + op);
        }
        return a;
    }

    private static void combineInto(ReduceOp op, double[] acc, int ao, double[] x, int n) {
        switch (op) {
            case SUM -> { for (int i = 0; i < n; i++) acc[ao + i] += x[i]; }
            case MAX -> { for (int i = 0; i < n; i++) acc[ao + i] = Math.max(acc[ao + i], x[i]); }
            case MIN -> { for (int i = 0; i < n; i++) acc[ao + i] = Math.min(acc[ao + i], x[i]); }
            default -> throw new IllegalArgumentException("cpu reduce: unsupported op " + op);
        }
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
