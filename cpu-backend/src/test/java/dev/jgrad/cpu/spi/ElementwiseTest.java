package dev.jgrad.cpu.spi;

import static dev.jgrad.cpu.spi.SpiFixtures.BE;
import static dev.jgrad.cpu.spi.SpiFixtures.assertSameValues;
import static dev.jgrad.cpu.spi.SpiFixtures.round;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.DType;
import dev.jgrad.cpu.spi.SpiFixtures.Kind;
import dev.jgrad.cpu.spi.SpiFixtures.Tensor;
import dev.jgrad.spi.BinaryOp;
import dev.jgrad.spi.Layout;
import dev.jgrad.spi.RandomKind;
import dev.jgrad.spi.UnaryOp;
import dev.jgrad.spi.View;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** unary / binary / copy / cast / fill against UnaryOp.apply and BinaryOp.apply on every kind of layout. */
class ElementwiseTest {
    /** A parameter that is not a float, so F32 must use it in double like the reference. */
    private static final double PARAM = 0.37;

    static Stream<Arguments> unaryCases() {
        List<Arguments> list = new ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            for (DType dt : new DType[] {DType.F32, DType.F64}) {
                for (Kind k : Kind.values()) {
                    list.add(Arguments.of(op, dt, k));
                }
            }
        }
        return list.stream();
    }

    /** F32 results must be the double reference rounded to float, exactly; F64 exactly the reference. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("unaryCases")
    void unaryMatchesReference(UnaryOp op, DType dt, Kind kind) {
        Tensor x = SpiFixtures.random(dt, kind, op.ordinal() * 7L + kind.ordinal(), -30, 30, 3, 4, 5);
        double[] xs = withSpecials(x);
        View out = SpiFixtures.empty(dt, 3, 4, 5);
        BE.unary(op, PARAM, x.view(), out);
        double[] expected = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            expected[i] = round(dt, op.apply(xs[i], PARAM));
        }
        assertSameValues(expected, SpiFixtures.read(out), op + " " + dt + " " + kind);
    }

    /**
     * Scalar arithmetic and the x &gt; p mask with a parameter that is exactly a float run in float (fast paths, and
     * relu / the mask branch-free in SIMD): they must still give the double reference's bits, over wide
     * magnitudes, subnormal results and specials (NaN, −0).
     */
    @ParameterizedTest(name = "{0} p={1}")
    @MethodSource("floatParamCases")
    void floatExactScalarParameterGivesTheReferenceBits(UnaryOp op, double p) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(op.ordinal() * 31L + Double.hashCode(p));
        double[] xs = new double[4099];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) ((r.nextDouble() - 0.5) * Math.pow(2, r.nextInt(-140, 120)));   // float values
        }
        xs[0] = 0.0;
        xs[1] = -0.0;
        xs[2] = Float.MIN_VALUE;
        xs[3] = Float.MAX_VALUE;
        xs[4] = Double.NaN;
        xs[5] = Double.NEGATIVE_INFINITY;
        Tensor x = SpiFixtures.contiguous(DType.F32, xs, xs.length);
        View out = SpiFixtures.empty(DType.F32, xs.length);
        BE.unary(op, p, x.view(), out);
        double[] expected = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            expected[i] = round(DType.F32, op.apply(xs[i], p));
        }
        assertSameValues(expected, SpiFixtures.read(out), op + " p=" + p);
    }

    static Stream<Arguments> floatParamCases() {
        List<Arguments> list = new ArrayList<>();
        for (UnaryOp op : new UnaryOp[] {UnaryOp.ADD_SCALAR, UnaryOp.MUL_SCALAR, UnaryOp.DIV_SCALAR,
            UnaryOp.RDIV_SCALAR, UnaryOp.GT_SCALAR, UnaryOp.RELU}) {
            for (double p : new double[] {0.375, -3.0, 1e-20f, 7.0e30f, 0.1f}) {
                list.add(Arguments.of(op, p));
            }
        }
        return list.stream();
    }

    /** Replaces a few storage elements by 0, ±1, ±large, NaN, ±inf (seen through the view) and returns the new values. */
    private static double[] withSpecials(Tensor x) {
        double[] specials = {0.0, -0.0, 1.0, -1.0, 200.0, -200.0, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, 1e-30, 0.5};
        View v = x.view();
        double[] values = x.values().clone();
        Layout l = v.layout();
        long[] shape = l.shape();
        // write the specials into the first positions of dim-0 slice 0 through a 1-element view each
        for (int s = 0; s < specials.length && s < values.length / shape[0]; s++) {
            long idx = l.indexOf(s);
            View one = new View(v.storage(), new Layout(new long[0], new long[0], idx));
            BE.fill(one, specials[s]);
        }
        // re-read logical values through core's indexOf (broadcast dim 0 repeats them)
        double[] stored = SpiFixtures.toDoubles(BE.download(new View(v.storage(),
                Layout.contiguous(v.storage().numel()))));
        for (int i = 0; i < values.length; i++) {
            values[i] = stored[(int) l.indexOf(i)];
        }
        return values;
    }

    @ParameterizedTest(name = "{0} {1} in place")
    @MethodSource("unaryCases")
    void unaryInPlace(UnaryOp op, DType dt, Kind kind) {
        if (kind == Kind.BROADCAST) {
            return;   // an in-place output is never a broadcast view
        }
        Tensor x = SpiFixtures.random(dt, kind, 99, -3, 3, 2, 3, 7);
        BE.unary(op, PARAM, x.view(), x.view());
        double[] expected = new double[x.values().length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = round(dt, op.apply(x.values()[i], PARAM));
        }
        assertSameValues(expected, SpiFixtures.read(x.view()), op + " in place " + kind);
    }

    static Stream<Arguments> binaryCases() {
        List<Arguments> list = new ArrayList<>();
        for (BinaryOp op : BinaryOp.values()) {
            for (DType dt : DType.values()) {
                if (dt == DType.I32 && !op.supportsInt()) {
                    continue;
                }
                for (Kind k : Kind.values()) {
                    list.add(Arguments.of(op, dt, k));
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("binaryCases")
    void binaryMatchesReference(BinaryOp op, DType dt, Kind kind) {
        long[] shape = {4, 3, 5};
        Tensor a = SpiFixtures.random(dt, kind, 1 + op.ordinal(), -4, 4, shape);
        // b: a row vector broadcast over dims 0 and 1, and a column broadcast over dim 2, and a plain other-kind tensor
        Tensor row = SpiFixtures.random(dt, Kind.CONTIGUOUS, 50, -4, 4, 5);
        Tensor col = SpiFixtures.random(dt, Kind.OFFSET, 51, -4, 4, 4, 3, 1);
        Tensor full = SpiFixtures.random(dt, kind == Kind.TRANSPOSED ? Kind.OFFSET : Kind.TRANSPOSED, 52, -4, 4, shape);
        for (Tensor b : new Tensor[] {row, col, full}) {
            View bb = new View(b.view().storage(), b.view().layout().broadcastTo(shape));
            double[] bv = broadcastValues(b, shape);
            View out = SpiFixtures.empty(dt, shape);
            BE.binary(op, a.view(), bb, out);
            double[] expected = new double[a.values().length];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = dt == DType.I32
                        ? op.applyInt((int) a.values()[i], (int) bv[i])
                        : round(dt, op.apply(a.values()[i], bv[i]));
            }
            assertSameValues(expected, SpiFixtures.read(out), op + " " + dt + " " + kind + " b=" + SpiFixtures.shape(b.shape()));
            // and with the broadcast operand first
            View out2 = SpiFixtures.empty(dt, shape);
            BE.binary(op, bb, a.view(), out2);
            for (int i = 0; i < expected.length; i++) {
                expected[i] = dt == DType.I32
                        ? op.applyInt((int) bv[i], (int) a.values()[i])
                        : round(dt, op.apply(bv[i], a.values()[i]));
            }
            assertSameValues(expected, SpiFixtures.read(out2), op + " swapped " + dt + " " + kind);
        }
    }

    static double[] broadcastValues(Tensor b, long[] shape) {
        Layout bl = Layout.contiguous(b.shape()).broadcastTo(shape);
        double[] out = new double[(int) Layout.numelOf(shape)];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.values()[(int) bl.indexOf(i)];
        }
        return out;
    }

    @Test
    void binaryNanPropagatesThroughMaxMin() {
        Tensor a = SpiFixtures.contiguous(DType.F32, new double[] {Double.NaN, 1, 2, Double.NaN}, 4);
        Tensor b = SpiFixtures.contiguous(DType.F32, new double[] {0, Double.NaN, 1, Double.NaN}, 4);
        View out = SpiFixtures.empty(DType.F32, 4);
        BE.binary(BinaryOp.MAXIMUM, a.view(), b.view(), out);
        assertSameValues(new double[] {Double.NaN, Double.NaN, 2, Double.NaN}, SpiFixtures.read(out), "maximum");
        BE.binary(BinaryOp.MINIMUM, a.view(), b.view(), out);
        assertSameValues(new double[] {Double.NaN, Double.NaN, 1, Double.NaN}, SpiFixtures.read(out), "minimum");
    }

    @Test
    void largeOpsSplitAcrossThreadsGiveSameResult() {
        long[] shape = {300, 301};     // 90K elements: above the parallel threshold
        for (Kind kind : Kind.values()) {
            Tensor x = SpiFixtures.random(DType.F32, kind, 5, -5, 5, shape);
            View out = SpiFixtures.empty(DType.F32, shape);
            BE.unary(UnaryOp.TANH, 0, x.view(), out);
            double[] expected = new double[x.values().length];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (float) Math.tanh(x.values()[i]);
            }
            assertSameValues(expected, SpiFixtures.read(out), "tanh large " + kind);
            View single = SpiFixtures.empty(DType.F32, shape);
            new dev.jgrad.cpu.CpuBackend(1).unary(UnaryOp.TANH, 0, x.view(), single);
            assertArrayEquals((float[]) BE.download(out), (float[]) BE.download(single));
        }
    }

    /**
     * Big ops with an operand read (or written) across rows, as a transposed view is: they walk the last two dims in
     * tiles (Elementwise.RowStrips). Partial tiles at both edges, a batch of planes, a transposed output, an
     * in-place update and counter-based random numbers (which follow each element's row-major position).
     */
    @Test
    void opsOnLargeTransposedViewsGoThroughTilesAndAgree() {
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            // [3, 300, 1000] read through a transpose of stored [3, 1000, 300]; b row-major
            Layout across = Layout.contiguous(3, 1000, 300).transpose(1, 2);
            double[] raw = new double[(int) across.numel()];
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(8);
            for (int i = 0; i < raw.length; i++) {
                raw[i] = rnd.nextDouble() * 8 - 4;
            }
            Tensor a = SpiFixtures.fromStorage(dt, across, raw);
            Tensor b = SpiFixtures.random(dt, Kind.CONTIGUOUS, 9, -4, 4, 3, 300, 1000);
            double[] sum = new double[raw.length];
            for (int i = 0; i < sum.length; i++) {
                sum[i] = round(dt, a.values()[i] + b.values()[i]);
            }
            View out = SpiFixtures.empty(dt, 3, 300, 1000);
            BE.binary(BinaryOp.ADD, a.view(), b.view(), out);
            assertSameValues(sum, SpiFixtures.read(out), dt + " a (transposed) + b");
            View copy = SpiFixtures.empty(dt, 3, 300, 1000);
            BE.copy(a.view(), copy);
            assertSameValues(a.values(), SpiFixtures.read(copy), dt + " copy of a transposed view");
            // the output itself transposed: written back through the tiles' scatter
            View outT = new View(BE.allocate(dt, raw.length), across);
            BE.binary(BinaryOp.ADD, b.view(), a.view(), outT);
            assertSameValues(sum, SpiFixtures.read(outT), dt + " b + a into a transposed view");
            // in place into the transposed view: outT <- outT + 0.5 b
            BE.addScaledInPlace(outT, 0.5, b.view());
            double[] updated = new double[sum.length];
            for (int i = 0; i < sum.length; i++) {
                updated[i] = round(dt, sum[i] + round(dt, 0.5 * b.values()[i]));
            }
            assertSameValues(updated, SpiFixtures.read(outT), dt + " in place into a transposed view");
            // random numbers into a transposed 2-D view: the same as into a row-major one, element by element
            View randT = new View(BE.allocate(dt, 700 * 450), Layout.contiguous(450, 700).transpose(0, 1));
            View rand = SpiFixtures.empty(dt, 700, 450);
            BE.random(RandomKind.NORMAL, 77, randT);
            BE.random(RandomKind.NORMAL, 77, rand);
            assertSameValues(SpiFixtures.read(rand), SpiFixtures.read(randT), dt + " random into a transposed view");
        }
    }

    @Test
    void rankZeroAndEmptyShapes() {
        Tensor s = SpiFixtures.contiguous(DType.F64, new double[] {2.0});
        View out = SpiFixtures.empty(DType.F64);
        BE.unary(UnaryOp.SQUARE, 0, s.view(), out);
        assertArrayEquals(new double[] {4.0}, (double[]) BE.download(out));
        BE.binary(BinaryOp.ADD, s.view(), s.view(), out);
        assertArrayEquals(new double[] {4.0}, (double[]) BE.download(out));

        View e = SpiFixtures.empty(DType.F32, 0, 3);
        BE.unary(UnaryOp.EXP, 0, e, e);
        BE.fill(e, 1.0);
        assertEquals(0, ((float[]) BE.download(e)).length);
        View e2 = SpiFixtures.empty(DType.F32, 3, 0);
        BE.binary(BinaryOp.MUL, e2, e2, e2);
        assertEquals(0, ((float[]) BE.download(e2)).length);
    }

    @Test
    void copyIntoStridedDestination() {
        for (Kind kind : new Kind[] {Kind.CONTIGUOUS, Kind.TRANSPOSED, Kind.OFFSET}) {
            Tensor src = SpiFixtures.random(DType.F64, Kind.BROADCAST, 3, -1, 1, 3, 4, 5);
            Tensor dst = SpiFixtures.random(DType.F64, kind, 4, -1, 1, 3, 4, 5);
            BE.copy(src.view(), dst.view());
            assertSameValues(src.values(), SpiFixtures.read(dst.view()), "copy into " + kind);
        }
    }

    @Test
    void castConvertsAndTruncatesTowardZero() {
        Tensor f = SpiFixtures.contiguous(DType.F64, new double[] {-2.7, -0.5, 0.5, 2.7, 1e10, 3}, 2, 3);
        View i32 = SpiFixtures.empty(DType.I32, 3, 2);
        View src = new View(f.view().storage(), f.view().layout().transpose(0, 1));
        BE.cast(src, i32);
        assertArrayEquals(new int[] {-2, 2, 0, Integer.MAX_VALUE, 0, 3}, (int[]) BE.download(i32));
        View f32 = SpiFixtures.empty(DType.F32, 3, 2);
        BE.cast(i32, f32);
        assertArrayEquals(new float[] {-2, 2, 0, (float) Integer.MAX_VALUE, 0, 3}, (float[]) BE.download(f32));
        View f64 = SpiFixtures.empty(DType.F64, 3, 2);
        BE.cast(src, f32);
        BE.cast(f32, f64);
        assertArrayEquals(new double[] {(float) -2.7, (float) 2.7, (float) -0.5, (float) 1e10, 0.5, 3},
                (double[]) BE.download(f64));
    }

    @Test
    void fillStridedViewLeavesGapsAlone() {
        View all = SpiFixtures.empty(DType.I32, 4, 4);
        BE.fill(all, 7);
        View diagonal = new View(all.storage(), new Layout(new long[] {4}, new long[] {5}, 0));
        BE.fill(diagonal, -1.9);
        int[] got = (int[]) BE.download(all);
        for (int i = 0; i < 16; i++) {
            assertEquals(i % 5 == 0 ? -1 : 7, got[i], "element " + i);
        }
    }

    @Test
    void i32DivIsRejected() {
        View a = SpiFixtures.empty(DType.I32, 2);
        assertThrows(IllegalArgumentException.class, () -> BE.binary(BinaryOp.DIV, a, a, a));
    }
}
