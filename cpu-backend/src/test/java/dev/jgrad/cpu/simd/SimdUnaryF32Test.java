package dev.jgrad.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgrad.DType;
import dev.jgrad.cpu.CpuBackend;
import dev.jgrad.spi.Layout;
import dev.jgrad.spi.Storage;
import dev.jgrad.spi.UnaryOp;
import dev.jgrad.spi.View;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * F32 unary ops that the SIMD path computes in double lanes, against the scalar path ({@code UnaryKernels.f32})
 * on the same inputs: arithmetic bit for bit, transcendentals within one float ulp (the Vector API's exp / log /
 * tanh / log1p / expm1 may differ from {@link Math}'s in the last double bit), with NaN where the scalar path has
 * NaN and exactly its results on special inputs. Each case runs every length up to 33 (one vector ± 1 element
 * for vectors of up to 32 doubles, including the tail), 1003 and 100003, and views at nonzero offsets, and checks
 * that nothing outside the output view is written.
 */
class SimdUnaryF32Test {
    private static final float SENTINEL = 12345.5f;
    private static final int LONG = 1000 + 3;
    /** Enough elements to see how often a transcendental result differs at all. */
    private static final int POPULATION = 100_000 + 3;
    /** Inputs whose results must be the scalar path's bits: NaN, ±inf, ±0, the extremes, and saturating |x|. */
    private static final float[] SPECIALS = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 200f, -200f, 1000f, -1000f};
    /** Per transcendental op: {elements compared, elements that differ from the scalar path}. */
    private static final Map<String, long[]> DIFFERENCES = new TreeMap<>();

    static Stream<Arguments> exactCases() {
        List<Arguments> list = new ArrayList<>();
        // not floats (the double-lane loops), plus one float parameter (the float loops, left to UnaryKernels)
        double[] params = {1e-4, 0.37, -1.0 / 3, 0.1, Math.PI, 1e-300, 1e300, Double.MIN_VALUE, -Double.MAX_VALUE,
            Double.NaN, 0.375};
        for (UnaryOp op : new UnaryOp[] {UnaryOp.ADD_SCALAR, UnaryOp.MUL_SCALAR, UnaryOp.DIV_SCALAR,
            UnaryOp.RDIV_SCALAR, UnaryOp.LEAKY_RELU}) {
            for (double p : params) {
                list.add(Arguments.of(op, p));
            }
        }
        // sqrt and 1/x in float lanes: correctly rounded, so the scalar loops' bits
        list.add(Arguments.of(UnaryOp.SQRT, 0.0));
        list.add(Arguments.of(UnaryOp.RECIPROCAL, 0.0));
        return list.stream();
    }

    static Stream<Arguments> transcendentalCases() {
        List<Arguments> list = new ArrayList<>();
        for (UnaryOp op : new UnaryOp[] {UnaryOp.SIGMOID, UnaryOp.EXP, UnaryOp.LOG, UnaryOp.TANH, UnaryOp.SOFTPLUS}) {
            list.add(Arguments.of(op, 0.0));
        }
        for (double p : new double[] {1.0, 0.37, 1.6732632423543772, -2.5, 1e300}) {
            list.add(Arguments.of(UnaryOp.ELU, p));
        }
        // pow: integer and fractional, negative and tiny exponents; a NaN or infinite p stays scalar
        for (double p : new double[] {1.5, 2.0, 3.0, 0.5, -1.0, -2.5, 0.37, 1.0 / 3, 1e-300, 7.25, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            list.add(Arguments.of(UnaryOp.POW, p));
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} p={1}")
    @MethodSource("exactCases")
    void arithmeticEqualsTheScalarPathBitwise(UnaryOp op, double p) {
        sweep(op, p, true);
    }

    @ParameterizedTest(name = "{0} p={1}")
    @MethodSource("transcendentalCases")
    void transcendentalsAreWithinOneUlpOfTheScalarPath(UnaryOp op, double p) {
        sweep(op, p, false);
    }

    /**
     * The reference's branches at the extremes: sigmoid saturates to exactly 1 and 0 (and 0.5 at ±0), and NaN
     * stays NaN, through both branches of the blend.
     */
    @Test
    void sigmoidSaturatesExactly() {
        CpuBackend simd = PathFixtures.simd(1);
        assumeTrue(simd != null, "no jdk.incubator.vector in this run");
        float[] x = new float[64];
        float[] expected = new float[64];
        for (int i = 0; i < x.length; i++) {
            boolean neg = i % 2 == 1;
            x[i] = switch (i / 2 % 8) {
                case 0 -> Float.POSITIVE_INFINITY;
                case 1 -> Float.MAX_VALUE;
                case 2 -> 1000f;
                case 3 -> 120f;
                case 4 -> 110f;
                case 5 -> 0f;
                case 6 -> Float.NaN;
                default -> 200f;
            } * (neg ? -1 : 1);
            expected[i] = Float.isNaN(x[i]) ? Float.NaN : x[i] == 0 ? 0.5f : x[i] > 0 ? 1f : 0f;
        }
        float[] got = run(simd, UnaryOp.SIGMOID, 0, x, 0, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(got[i]), "sigmoid(" + x[i] + ")");
        }
    }

    /**
     * In place (output view = input view): each double-lane step stores a whole float vector, the high half being
     * its own inputs, so the next step must still read the original values. Same bits as the scalar path, out of
     * place.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("inPlaceOps")
    void inPlaceGivesTheOutOfPlaceResult(UnaryOp op) {
        CpuBackend simd = PathFixtures.simd(1);
        assumeTrue(simd != null, "no jdk.incubator.vector in this run");
        CpuBackend scalar = PathFixtures.scalar(1);
        int off = 3;
        int n = LONG;
        float[] x = inputs(op.ordinal(), off + n + 2);
        float[] want = run(scalar, op, 1e-4, x, off, off, n);
        Storage s = simd.allocate(DType.F32, x.length);
        simd.upload(x.clone(), s);
        View v = new View(s, new Layout(new long[] {n}, new long[] {1}, off));
        simd.unary(op, 1e-4, v, v);
        float[] got = (float[]) simd.download(new View(s, Layout.contiguous(x.length)));
        for (int j = 0; j < x.length; j++) {
            float expected = j >= off && j < off + n ? want[j] : x[j];
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(got[j]), op + " in place at " + j);
        }
    }

    static Stream<UnaryOp> inPlaceOps() {
        return Stream.of(UnaryOp.ADD_SCALAR, UnaryOp.MUL_SCALAR, UnaryOp.DIV_SCALAR, UnaryOp.RDIV_SCALAR,
                UnaryOp.LEAKY_RELU, UnaryOp.SIGMOID);
    }

    private static void sweep(UnaryOp op, double p, boolean bitwise) {
        CpuBackend simd = PathFixtures.simd(1);
        assumeTrue(simd != null, "no jdk.incubator.vector in this run");
        CpuBackend scalar = PathFixtures.scalar(1);
        long seed = op.ordinal() * 1_000_003L + Double.hashCode(p);
        List<Integer> lengths = new ArrayList<>();
        for (int n = 0; n <= 33; n++) {
            lengths.add(n);
        }
        lengths.add(LONG);
        lengths.add(POPULATION);
        int[][] offsets = {{0, 0}, {3, 5}, {6, 1}};
        long compared = 0;
        long differing = 0;
        for (int n : lengths) {
            for (int[] off : n == POPULATION ? new int[][] {offsets[1]} : offsets) {
                int xo = off[0];
                int yo = off[1];
                float[] x = inputs(seed++, xo + n + 2);
                float[] want = run(scalar, op, p, x, xo, yo, n);
                float[] got = run(simd, op, p, x, xo, yo, n);
                String what = op + " p=" + p + " n=" + n + " offsets " + xo + "," + yo;
                for (int j = 0; j < got.length; j++) {
                    boolean inside = j >= yo && j < yo + n;
                    if (!inside) {
                        assertEquals(SENTINEL, got[j], what + ": wrote outside the view at " + j);
                        continue;
                    }
                    float in = x[xo + j - yo];
                    String at = what + ": " + op + "(" + in + ") scalar " + want[j] + " simd " + got[j];
                    compared++;
                    if (Float.floatToIntBits(want[j]) == Float.floatToIntBits(got[j])) {
                        continue;
                    }
                    if (bitwise || Float.isNaN(want[j]) || Float.isNaN(got[j]) || isSpecial(in)) {
                        fail(at);
                    }
                    long ulps = Math.abs((long) ordered(want[j]) - ordered(got[j]));
                    assertTrue(ulps <= 1, at + " (" + ulps + " ulps)");
                    differing++;
                }
            }
        }
        if (!bitwise) {
            synchronized (DIFFERENCES) {
                long[] c = DIFFERENCES.computeIfAbsent(op + (op == UnaryOp.ELU || op == UnaryOp.POW ? " p=" + p : ""),
                        k -> new long[2]);
                c[0] += compared;
                c[1] += differing;
            }
        }
    }

    @AfterAll
    static void reportDifferences() {
        synchronized (DIFFERENCES) {
            DIFFERENCES.forEach((op, c) -> System.out.println("SIMD F32 " + op + ": " + c[1] + " of " + c[0]
                    + " results differ from the scalar path (each by 1 ulp at most)"));
        }
    }

    /** op on {@code x[xo .. xo+n)} into a sentinel-filled output at offset yo: the whole output storage. */
    private static float[] run(CpuBackend be, UnaryOp op, double p, float[] x, int xo, int yo, int n) {
        Storage xs = be.allocate(DType.F32, x.length);
        be.upload(x.clone(), xs);
        int ylen = yo + n + 3;
        float[] fill = new float[ylen];
        Arrays.fill(fill, SENTINEL);
        Storage ys = be.allocate(DType.F32, ylen);
        be.upload(fill, ys);
        be.unary(op, p, new View(xs, new Layout(new long[] {n}, new long[] {1}, xo)),
                new View(ys, new Layout(new long[] {n}, new long[] {1}, yo)));
        return (float[]) be.download(new View(ys, Layout.contiguous(ylen)));
    }

    /**
     * Floats at several scales: gaussians of σ 0.001, 1, 10, uniform in [−100, 100], any exponent (subnormal to
     * overflowing: ±inf), and the specials.
     */
    private static float[] inputs(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (r.nextInt(6)) {
                case 0 -> (float) (r.nextGaussian() * 1e-3);
                case 1 -> (float) r.nextGaussian();
                case 2 -> (float) (r.nextGaussian() * 10);
                case 3 -> (float) (r.nextDouble() * 200 - 100);
                case 4 -> (float) ((r.nextDouble() - 0.5) * Math.pow(2, r.nextInt(-150, 130)));
                default -> SPECIALS[r.nextInt(SPECIALS.length)];
            };
        }
        return x;
    }

    private static boolean isSpecial(float v) {
        for (float s : SPECIALS) {
            if (Float.floatToIntBits(s) == Float.floatToIntBits(v)) {
                return true;
            }
        }
        return false;
    }

    /** Floats in order as ints one apart per representable value (−0 and +0 one apart too). */
    private static int ordered(float f) {
        int bits = Float.floatToIntBits(f);
        return bits >= 0 ? bits : -(bits & 0x7fffffff) - 1;
    }
}
