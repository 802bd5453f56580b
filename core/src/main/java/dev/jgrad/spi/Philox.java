package dev.jgrad.spi;

/**
 * The reference random numbers of jgrad: Philox4x32-10 (Salmon et al., "Parallel random numbers:
 * as easy as 1, 2, 3", SC'11), counter-based, so element {@code i} of a random tensor depends only on
 * the seed and {@code i}, and every backend can produce the same numbers in any order, in parallel.
 *
 * <p>The exact definition every backend reproduces bit for bit:
 * <ul>
 *   <li>key = (low32(seed), high32(seed)); counter = (low32(i), high32(i), 0, 0) where {@code i} is
 *       the row-major index of the element; 10 rounds give the words x0..x3.</li>
 *   <li>{@code UNIFORM}: F64 {@code u = ((x0>>>5)·2^26 + (x1>>>6))·2^-53}; F32 {@code (x0>>>8)·2^-24}
 *       (the F64 value truncated to 24 bits).</li>
 *   <li>{@code NORMAL}: Box–Muller {@code sqrt(-2·log(1-u1))·cos(2π·u2)} with u1 from (x0,x1) and u2
 *       from (x2,x3), using {@link #log} and {@link #cos2pi} below, which use only +, −, ×, ÷ and sqrt
 *       (correctly rounded on every IEEE machine; the CUDA kernel must not contract them into FMAs).
 *       F32 is the F64 value rounded to float.</li>
 * </ul>
 */
public final class Philox {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final double TWO_POW_M53 = 0x1.0p-53;
    private static final double TWO_POW_M24 = 0x1.0p-24;
    private static final double LN2 = 0.6931471805599453;
    private static final double SQRT2 = 1.4142135623730951;
    private static final double TWO_PI = 6.283185307179586;

    private Philox() {
    }

    /** The four 32-bit output words for {@code (seed, index)}, written into {@code out[0..3]}. */
    public static void block(long seed, long index, int[] out) {
        block((int) index, (int) (index >>> 32), 0, 0, (int) seed, (int) (seed >>> 32), out);
    }

    /** Philox4x32-10 of a full 128-bit counter and 64-bit key (the Random123 definition). */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int round = 0; round < 10; round++) {
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32);
            int lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32);
            int lo1 = (int) p1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
            k0 += W0;
            k1 += W1;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /** A 53-bit uniform in [0, 1) from two words. */
    public static double uniform53(int a, int b) {
        return ((a >>> 5) * 67108864.0 + (b >>> 6)) * TWO_POW_M53;
    }

    /** Element {@code index} of {@code rand(seed, F64)}. */
    public static double uniformF64(long seed, long index) {
        int[] w = new int[4];
        block(seed, index, w);
        return uniform53(w[0], w[1]);
    }

    /** Element {@code index} of {@code rand(seed, F32)}. */
    public static float uniformF32(long seed, long index) {
        int[] w = new int[4];
        block(seed, index, w);
        return (float) ((w[0] >>> 8) * TWO_POW_M24);
    }

    /** Element {@code index} of {@code randn(seed, F64)}; F32 is this value rounded to float. */
    public static double normal(long seed, long index) {
        int[] w = new int[4];
        block(seed, index, w);
        return normalFromWords(w);
    }

    /** The Box–Muller transform of one Philox block. */
    public static double normalFromWords(int[] w) {
        double u1 = uniform53(w[0], w[1]);
        double u2 = uniform53(w[2], w[3]);
        return Math.sqrt(-2.0 * log(1.0 - u1)) * cos2pi(u2);
    }

    /** Natural log for x in [2^-53, 1], from basic operations only (reproducible on any IEEE machine). */
    public static double log(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int e = (int) ((bits >>> 52) & 0x7FF) - 1023;
        double m = Double.longBitsToDouble((bits & 0xFFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        if (m > SQRT2) {
            m = m * 0.5;
            e = e + 1;
        }
        double s = (m - 1.0) / (m + 1.0);
        double s2 = s * s;
        // 2·atanh(s) = 2·(s + s^3/3 + ... + s^21/21); |s| <= 0.1716 so the tail is below 1e-17
        double p = 1.0 / 21.0;
        p = p * s2 + 1.0 / 19.0;
        p = p * s2 + 1.0 / 17.0;
        p = p * s2 + 1.0 / 15.0;
        p = p * s2 + 1.0 / 13.0;
        p = p * s2 + 1.0 / 11.0;
        p = p * s2 + 1.0 / 9.0;
        p = p * s2 + 1.0 / 7.0;
        p = p * s2 + 1.0 / 5.0;
        p = p * s2 + 1.0 / 3.0;
        p = p * s2 + 1.0;
        return e * LN2 + 2.0 * s * p;
    }

    /** cos(2π·u) for u in [0, 1), from basic operations only. */
    public static double cos2pi(double u) {
        int k = (int) Math.floor(u * 4.0 + 0.5);      // nearest quarter turn, 0..4
        double r = u - k * 0.25;                        // exact, in [-1/8, 1/8]
        double x = r * TWO_PI;                          // in [-π/4, π/4]
        double x2 = x * x;
        double c = 1.0 / 20922789888000.0;              // 1/16!
        c = c * x2 - 1.0 / 87178291200.0;               // 1/14!
        c = c * x2 + 1.0 / 479001600.0;
        c = c * x2 - 1.0 / 3628800.0;
        c = c * x2 + 1.0 / 40320.0;
        c = c * x2 - 1.0 / 720.0;
        c = c * x2 + 1.0 / 24.0;
        c = c * x2 - 1.0 / 2.0;
        c = c * x2 + 1.0;
        double s = 1.0 / 355687428096000.0;             // 1/17!
        s = s * x2 - 1.0 / 1307674368000.0;             // 1/15!
        s = s * x2 + 1.0 / 6227020800.0;
        s = s * x2 - 1.0 / 39916800.0;
        s = s * x2 + 1.0 / 362880.0;
        s = s * x2 - 1.0 / 5040.0;
        s = s * x2 + 1.0 / 120.0;
        s = s * x2 - 1.0 / 6.0;
        s = s * x2 + 1.0;
        s = s * x;
        return switch (k & 3) {
            case 0 -> c;
            case 1 -> -s;
            case 2 -> -c;
            default -> s;
        };
    }
}
