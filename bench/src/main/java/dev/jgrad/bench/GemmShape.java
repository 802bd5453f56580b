package dev.jgrad.bench;

import java.util.Locale;

/**
 * A GEMM C(m×n) = op(A)·op(B) with inner size k, written {@code "MxKxN"}, optionally suffixed {@code _At}
 * (A is stored k×m and read through a transposed view) or {@code _Bt} (B stored n×k). The suffixes are how
 * the backward pass multiplies: dW = xᵀ·dy and dx = dy·Wᵀ use transposed views, not copies.
 *
 * <pre>{@code
 * GemmShape s = GemmShape.parse("1000x64x100_At");   // dW1 = xᵀ·dy of the lecture's first layer
 * double gflops = s.flops() / seconds / 1e9;
 * }</pre>
 */
public record GemmShape(long m, long k, long n, boolean transA, boolean transB) {

    /** The lecture net's GEMMs (x·w1, h·w2 and the four backward ones), as MatmulBench parameter values. */
    public static final String[] LECTURE = {
        "64x1000x100", "64x100x10", "1000x64x100_At", "64x100x1000_Bt", "100x64x10_At", "64x10x100_Bt",
    };

    public GemmShape {
        if (m <= 0 || k <= 0 || n <= 0) {
            throw new IllegalArgumentException("GemmShape: sizes must be positive, got m=" + m + " k=" + k + " n=" + n);
        }
        if (transA && transB) {
            throw new IllegalArgumentException("GemmShape: at most one of _At/_Bt");
        }
    }

    /** Parses {@code "MxKxN"}, {@code "MxKxN_At"} or {@code "MxKxN_Bt"}; a bare {@code "N"} means N×N×N. */
    public static GemmShape parse(String text) {
        String t = text.trim();
        boolean ta = t.endsWith("_At");
        boolean tb = t.endsWith("_Bt");
        if (ta || tb) {
            t = t.substring(0, t.length() - 3);
        }
        String[] p = t.toLowerCase(Locale.ROOT).split("x");
        try {
            if (p.length == 1) {
                long s = Long.parseLong(p[0]);
                return new GemmShape(s, s, s, ta, tb);
            }
            if (p.length == 3) {
                return new GemmShape(Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]), ta, tb);
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("GemmShape: expected MxKxN[_At|_Bt] or N, got '" + text + "'");
    }

    /** Shape A is stored in. */
    public long[] aStored() {
        return transA ? new long[] {k, m} : new long[] {m, k};
    }

    /** Shape B is stored in. */
    public long[] bStored() {
        return transB ? new long[] {n, k} : new long[] {k, n};
    }

    /** Floating-point operations of one product: a multiply and an add per inner step. */
    public double flops() {
        return 2.0 * m * k * n;
    }

    public boolean isSquare() {
        return m == k && k == n && !transA && !transB;
    }

    /** Human-readable: {@code 1000×64·64×100 (Aᵀ)}. */
    public String label() {
        String s = m + "×" + k + "·" + k + "×" + n;
        return transA ? s + " (Aᵀ view)" : transB ? s + " (Bᵀ view)" : s;
    }

    @Override
    public String toString() {
        return m + "x" + k + "x" + n + (transA ? "_At" : transB ? "_Bt" : "");
    }
}
