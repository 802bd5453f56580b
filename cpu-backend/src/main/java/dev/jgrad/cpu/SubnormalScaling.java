package dev.jgrad.cpu;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps subnormal numbers out of the GEMM kernels without flushing them. On x86 a fused multiply-add or a
 * multiply whose input holds a subnormal lane takes a microcode assist: measured on the 2-core Sapphire Rapids
 * box, the 16 subnormals among the 6,400 values of the lecture net's sigmoid gradient made {@code xᵀ·dh}
 * (1000×64·64×100) 3.8× slower, 100 → 380 µs. Saturated sigmoids and tanhs make such gradients routinely.
 *
 * <p>When an operand holds subnormals, the product runs on a copy of it scaled by a power of two {@code 2^s}
 * that makes them normal, and C is scaled back by {@code 2^-s}. Scaling by a power of two is exact, and every
 * step of the kernels' chains ({@code fma(a, 2^s·b, 2^s·c) = 2^s·fma(a, b, c)}; the scalar path's multiply and
 * add alike) is exactly 2^s times the unscaled step whenever its result is normal. So C is bitwise the IEEE
 * result except where a partial sum or product was itself subnormal: there the scaled one kept more bits, and
 * C is the more accurate. {@code s} is capped so that {@code k·max|A|·max|B|·2^s} stays below the largest
 * finite value: no partial sum overflows that did not already (inputs with Inf or NaN are not scaled at all).
 * Finding no subnormal costs one vectorised pass over A and B, or, where the GEMM kernel checks the packed
 * copies it makes anyway, a look at each copy while it is in L1 ({@link CpuKernels#matmulScreened}).
 */
final class SubnormalScaling {
    /** Runs at least this long are scanned by all threads. */
    static final int PARALLEL_SCAN = 1 << 16;

    private SubnormalScaling() {
    }

    /** Runs {@code q} on the kernels, through scaled operand copies if A or B holds subnormals. */
    static void matmul(CpuKernels kernels, CpuThreads threads, GemmProblem q) {
        if (kernels.matmulScreened(threads, q)) {
            return;
        }
        // one pass over each operand, unless the kernels screened their copies and found a subnormal (then this
        // looks again, to learn which operand holds it)
        boolean subA = holdsSubnormal(kernels, threads, q.a, q.offs, 0, q.ars, q.acs, q.n, q.k);
        boolean subB = holdsSubnormal(kernels, threads, q.b, q.offs, 1, q.brs, q.bcs, q.k, q.m);
        int room = subA || subB ? room(kernels, q) : 0;
        // all the room there is: the further up, the fewer products and partial sums stay subnormal
        int sA = subA ? (subB ? room / 2 : room) : 0;
        int sB = subB ? room - sA : 0;
        if (sA + sB == 0) {
            kernels.matmul(threads, q);
            return;
        }
        Object a = q.a;
        Object b = q.b;
        long[][] offs = new long[q.batches()][];
        long ars = q.ars;
        long acs = q.acs;
        long brs = q.brs;
        long bcs = q.bcs;
        if (sA > 0) {
            a = scaledCopy(q.a, q.offs, 0, q.ars, q.acs, q.n, q.k, sA);
            ars = q.k;
            acs = 1;
        }
        if (sB > 0) {
            b = scaledCopy(q.b, q.offs, 1, q.brs, q.bcs, q.k, q.m, sB);
            brs = q.m;
            bcs = 1;
        }
        for (int t = 0; t < offs.length; t++) {
            offs[t] = new long[] {
                sA > 0 ? (long) t * q.n * q.k : q.offs[t][0],
                sB > 0 ? (long) t * q.k * q.m : q.offs[t][1],
                q.offs[t][2]};
        }
        kernels.matmul(threads, new GemmProblem(a, b, q.c, offs, ars, acs, brs, bcs, q.crs, q.ccs, q.n, q.k, q.m));
        scale(q.c, q.offs, 2, q.crs, q.ccs, q.n, q.m, -(sA + sB));
    }

    /**
     * The largest total exponent the operands may be scaled by: 0 when an operand holds Inf or NaN or a scaled
     * copy would not fit in a Java array.
     */
    private static int room(CpuKernels kernels, GemmProblem q) {
        long copyA = (long) q.batches() * q.n * q.k;
        long copyB = (long) q.batches() * q.k * q.m;
        if (Math.max(copyA, copyB) > CpuStorage.MAX_ELEMENTS) {
            return 0;
        }
        double maxA = maxAbs(kernels, q.a, q.offs, 0, q.ars, q.acs, q.n, q.k);
        double maxB = maxAbs(kernels, q.b, q.offs, 1, q.brs, q.bcs, q.k, q.m);
        if (!Double.isFinite(maxA) || !Double.isFinite(maxB)) {
            return 0;
        }
        int maxExp = q.isF32() ? Float.MAX_EXPONENT : Double.MAX_EXPONENT;
        // |every partial sum| ≤ k·max|A|·max|B| < 2^bound
        int bound = Math.getExponent(maxA) + 1 + Math.getExponent(maxB) + 1 + (32 - Integer.numberOfLeadingZeros(q.k));
        // and 2^-s must be a normal number itself, so that scaling C back is one correctly rounded multiply
        return Math.max(0, Math.min(maxExp - 1, maxExp - 1 - bound));
    }

    /** Whether any batch's rows×cols matrix {@code x[o[which] + i·rs + j·cs]} holds a subnormal. */
    static boolean holdsSubnormal(CpuKernels kernels, CpuThreads threads, Object x, long[][] offs, int which,
                                  long rs, long cs, int rows, int cols) {
        return !forEachRun(offs, which, rs, cs, rows, cols, (off, len) -> {
            if (len < PARALLEL_SCAN) {
                return !kernels.hasSubnormal(x, off, len);
            }
            AtomicBoolean found = new AtomicBoolean();
            threads.parallelRange(len, PARALLEL_SCAN / 2, (s, e) -> {
                if (!found.get() && kernels.hasSubnormal(x, off + (int) s, (int) (e - s))) {
                    found.set(true);
                }
            });
            return !found.get();
        });
    }

    private static double maxAbs(CpuKernels kernels, Object x, long[][] offs, int which, long rs, long cs, int rows,
                                 int cols) {
        double[] max = {0};
        forEachRun(offs, which, rs, cs, rows, cols, (off, len) -> {
            double m = kernels.maxAbs(x, off, len);
            max[0] = Double.isNaN(m) ? m : Math.max(max[0], m);
            return !Double.isNaN(m);
        });
        return max[0];
    }

    /** A contiguous run {@code [off, off+len)} of a matrix; false stops the walk. */
    private interface Run {
        boolean visit(int off, int len);
    }

    /**
     * Visits every batch's matrix as contiguous runs (whole matrices, rows or columns, single elements when
     * neither stride is 1), skipping a batch whose matrix is the previous one again (broadcast); returns
     * false if a visit stopped the walk.
     */
    private static boolean forEachRun(long[][] offs, int which, long rs, long cs, int rows, int cols, Run run) {
        long previous = -1;
        for (long[] o : offs) {
            long base = o[which];
            if (base == previous) {
                continue;
            }
            previous = base;
            boolean rowMajor = cs == 1 || cols == 1;
            boolean colMajor = rs == 1 || rows == 1;
            if (rowMajor && (rs == cols || rows == 1) || colMajor && (cs == rows || cols == 1)) {
                if (!run.visit((int) base, rows * cols)) {
                    return false;
                }
            } else if (rowMajor || colMajor) {
                int runs = rowMajor ? rows : cols;
                long step = rowMajor ? rs : cs;
                for (int r = 0; r < runs; r++) {
                    if (!run.visit((int) (base + r * step), rowMajor ? cols : rows)) {
                        return false;
                    }
                }
            } else {
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        if (!run.visit((int) (base + i * rs + j * cs), 1)) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    /** Every batch's matrix as one contiguous row-major copy (batch t at t·rows·cols), times 2^exp. */
    private static Object scaledCopy(Object x, long[][] offs, int which, long rs, long cs, int rows, int cols,
                                     int exp) {
        int per = rows * cols;
        if (x instanceof float[] f) {
            float[] out = new float[offs.length * per];
            float factor = Math.scalb(1.0f, exp);
            for (int t = 0; t < offs.length; t++) {
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        out[t * per + i * cols + j] = f[(int) (offs[t][which] + i * rs + j * cs)] * factor;
                    }
                }
            }
            return out;
        }
        double[] d = (double[]) x;
        double[] out = new double[offs.length * per];
        double factor = Math.scalb(1.0, exp);
        for (int t = 0; t < offs.length; t++) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    out[t * per + i * cols + j] = d[(int) (offs[t][which] + i * rs + j * cs)] * factor;
                }
            }
        }
        return out;
    }

    /** Multiplies every batch's matrix in place by 2^exp. */
    private static void scale(Object x, long[][] offs, int which, long rs, long cs, int rows, int cols, int exp) {
        if (x instanceof float[] f) {
            float factor = Math.scalb(1.0f, exp);
            forEachRun(offs, which, rs, cs, rows, cols, (off, len) -> {
                for (int i = off; i < off + len; i++) {
                    f[i] *= factor;
                }
                return true;
            });
        } else {
            double[] d = (double[]) x;
            double factor = Math.scalb(1.0, exp);
            forEachRun(offs, which, rs, cs, rows, cols, (off, len) -> {
                for (int i = off; i < off + len; i++) {
                    d[i] *= factor;
                }
                return true;
            });
        }
    }
}
