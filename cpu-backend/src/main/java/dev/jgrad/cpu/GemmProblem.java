package dev.jgrad.cpu;

/**
 * One batched matrix product over strided operands, as the GEMM kernels see it:
 * C_t(i,j) = Σ_p A_t(i,p)·B_t(p,j) with A_t(i,p) = a[aOff_t + i·ars + p·acs], B_t(p,j) = b[bOff_t + p·brs + j·bcs],
 * C_t(i,j) = c[cOff_t + i·crs + j·ccs], where {@code offs[t] = {aOff_t, bOff_t, cOff_t}}.
 * The arrays are all float[] or all double[]; n, k, m ≥ 1.
 */
final class GemmProblem {
    final Object a;
    final Object b;
    final Object c;
    final long[][] offs;
    final long ars;
    final long acs;
    final long brs;
    final long bcs;
    final long crs;
    final long ccs;
    final int n;
    final int k;
    final int m;

    GemmProblem(Object a, Object b, Object c, long[][] offs, long ars, long acs, long brs, long bcs, long crs, long ccs,
                int n, int k, int m) {
        this.a = a;
        this.b = b;
        this.c = c;
        this.offs = offs;
        this.ars = ars;
        this.acs = acs;
        this.brs = brs;
        this.bcs = bcs;
        this.crs = crs;
        this.ccs = ccs;
        this.n = n;
        this.k = k;
        this.m = m;
    }

    boolean isF32() {
        return c instanceof float[];
    }

    int batches() {
        return offs.length;
    }

    /** Multiply-adds of the whole batched product. */
    long work() {
        return (long) n * k * m * offs.length;
    }
}
