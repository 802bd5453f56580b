package dev.jgrad.cpu;

import dev.jgrad.spi.BinaryOp;

/** The plain-Java {@link CpuKernels}: runs on any JVM; the JIT auto-vectorises the simple loops. */
final class ScalarKernels implements CpuKernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public boolean vectorized() {
        return false;
    }

    @Override
    public String description() {
        return "scalar Java kernels";
    }

    @Override
    public void matmul(CpuThreads threads, GemmProblem p) {
        ScalarGemm.run(threads, p);
    }

    @Override
    public boolean hasSubnormal(Object x, int off, int len) {
        if (x instanceof float[] f) {
            for (int i = off; i < off + len; i++) {
                if (Math.abs(f[i]) < Float.MIN_NORMAL && f[i] != 0) {
                    return true;
                }
            }
            return false;
        }
        double[] d = (double[]) x;
        for (int i = off; i < off + len; i++) {
            if (Math.abs(d[i]) < Double.MIN_NORMAL && d[i] != 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public double maxAbs(Object x, int off, int len) {
        double max = 0;
        if (x instanceof float[] f) {
            for (int i = off; i < off + len; i++) {
                max = Math.max(max, Math.abs(f[i]));
            }
        } else {
            double[] d = (double[]) x;
            for (int i = off; i < off + len; i++) {
                max = Math.max(max, Math.abs(d[i]));
            }
        }
        return max;
    }

    @Override
    public boolean binary(BinaryOp op, Object a, int ao, Object b, int bo, Object y, int yo, int n) {
        return false;
    }

    @Override
    public boolean unaryF32(dev.jgrad.spi.UnaryOp op, double p, float[] x, int xo, float[] y, int yo, int n) {
        return false;
    }


    @Override
    public void addLanes(double[] x, int xo, int n, double[] lanes, int phase) {
        int i = 0;
        for (; i < n && ((phase + i) & (LANES - 1)) != 0; i++) {
            lanes[(phase + i) & (LANES - 1)] += x[xo + i];
        }
        // eight independent chains: the adds of one lane still happen in element order
        double l0 = lanes[0], l1 = lanes[1], l2 = lanes[2], l3 = lanes[3];
        double l4 = lanes[4], l5 = lanes[5], l6 = lanes[6], l7 = lanes[7];
        for (; i + LANES <= n; i += LANES) {
            int o = xo + i;
            l0 += x[o];
            l1 += x[o + 1];
            l2 += x[o + 2];
            l3 += x[o + 3];
            l4 += x[o + 4];
            l5 += x[o + 5];
            l6 += x[o + 6];
            l7 += x[o + 7];
        }
        lanes[0] = l0; lanes[1] = l1; lanes[2] = l2; lanes[3] = l3;
        lanes[4] = l4; lanes[5] = l5; lanes[6] = l6; lanes[7] = l7;
        for (; i < n; i++) {
            lanes[(phase + i) & (LANES - 1)] += x[xo + i];
        }
    }

    @Override
    public void addLanes(float[] x, int xo, int n, double[] lanes, int phase) {
        int i = 0;
        for (; i < n && ((phase + i) & (LANES - 1)) != 0; i++) {
            lanes[(phase + i) & (LANES - 1)] += x[xo + i];
        }
        double l0 = lanes[0], l1 = lanes[1], l2 = lanes[2], l3 = lanes[3];
        double l4 = lanes[4], l5 = lanes[5], l6 = lanes[6], l7 = lanes[7];
        for (; i + LANES <= n; i += LANES) {
            int o = xo + i;
            l0 += x[o];
            l1 += x[o + 1];
            l2 += x[o + 2];
            l3 += x[o + 3];
            l4 += x[o + 4];
            l5 += x[o + 5];
            l6 += x[o + 6];
            l7 += x[o + 7];
        }
        lanes[0] = l0; lanes[1] = l1; lanes[2] = l2; lanes[3] = l3;
        lanes[4] = l4; lanes[5] = l5; lanes[6] = l6; lanes[7] = l7;
        for (; i < n; i++) {
            lanes[(phase + i) & (LANES - 1)] += x[xo + i];
        }
    }

    @Override
    public void softmaxRow(double[] row, int len, boolean log) {
        SoftmaxKernel.softmaxRow(row, len, log);
    }
}
