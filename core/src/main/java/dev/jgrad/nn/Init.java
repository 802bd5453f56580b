package dev.jgrad.nn;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.TensorScope;

import java.util.Arrays;

/**
 * Weight initialisers (Glorot/Xavier and He/Kaiming), drawn with {@link Tensor#rand}/{@link Tensor#randn}
 * from a seed, so the same seed gives the same weights on every backend.
 *
 * <pre>{@code
 * Tensor w = Init.heNormal(7, 1000, 100);                 // F32 (100, 1000), std sqrt(2/1000)
 * Tensor k = Init.xavierUniform(7, DType.F64, 64, 32);    // fans from the shape, as PyTorch
 * }</pre>
 *
 * <p>The {@code (seed, fanIn, fanOut)} forms return an F32 tensor of shape {@code (fanOut, fanIn)}, the
 * layout of {@link Linear#weight()}. The {@code (seed, dtype, shape)} forms compute the fans as PyTorch
 * does: {@code fanIn = shape[1]·receptive}, {@code fanOut = shape[0]·receptive}, where receptive is the
 * product of the dims after the first two.
 */
public final class Init {
    private Init() {
    }

    /** U(−bound, bound) of the given shape. */
    public static Tensor uniform(long seed, DType dtype, double bound, long... shape) {
        try (TensorScope s = TensorScope.open()) {
            return s.keep(Tensor.rand(seed, dtype, shape).mul(2 * bound).sub(bound));
        }
    }

    /** N(0, std²) of the given shape. */
    public static Tensor normal(long seed, DType dtype, double std, long... shape) {
        try (TensorScope s = TensorScope.open()) {
            return s.keep(Tensor.randn(seed, dtype, shape).mul(std));
        }
    }

    /** Glorot uniform: U(−a, a), a = √(6/(fanIn+fanOut)). */
    public static Tensor xavierUniform(long seed, long fanIn, long fanOut) {
        return xavierUniform(seed, DType.F32, fanOut, fanIn);
    }

    public static Tensor xavierUniform(long seed, DType dtype, long... shape) {
        long[] fans = fans("Init.xavierUniform", shape);
        return uniform(seed, dtype, Math.sqrt(6.0 / (fans[0] + fans[1])), shape);
    }

    /** Glorot normal: N(0, 2/(fanIn+fanOut)). */
    public static Tensor xavierNormal(long seed, long fanIn, long fanOut) {
        return xavierNormal(seed, DType.F32, fanOut, fanIn);
    }

    public static Tensor xavierNormal(long seed, DType dtype, long... shape) {
        long[] fans = fans("Init.xavierNormal", shape);
        return normal(seed, dtype, Math.sqrt(2.0 / (fans[0] + fans[1])), shape);
    }

    /** He uniform (fan-in mode, for ReLU): U(−a, a), a = √(6/fanIn). */
    public static Tensor heUniform(long seed, long fanIn, long fanOut) {
        return heUniform(seed, DType.F32, fanOut, fanIn);
    }

    public static Tensor heUniform(long seed, DType dtype, long... shape) {
        long[] fans = fans("Init.heUniform", shape);
        return uniform(seed, dtype, Math.sqrt(6.0 / fans[0]), shape);
    }

    /** He normal (fan-in mode, for ReLU): N(0, 2/fanIn). */
    public static Tensor heNormal(long seed, long fanIn, long fanOut) {
        return heNormal(seed, DType.F32, fanOut, fanIn);
    }

    public static Tensor heNormal(long seed, DType dtype, long... shape) {
        long[] fans = fans("Init.heNormal", shape);
        return normal(seed, dtype, Math.sqrt(2.0 / fans[0]), shape);
    }

    /** {fanIn, fanOut} of a weight shape, as torch.nn.init computes them. */
    static long[] fans(String op, long[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException(op + ": fan in/out need a shape of rank >= 2, got "
                    + Arrays.toString(shape));
        }
        long receptive = 1;
        for (int i = 2; i < shape.length; i++) {
            receptive *= shape[i];
        }
        long fanIn = shape[1] * receptive;
        long fanOut = shape[0] * receptive;
        if (fanIn <= 0 || fanOut <= 0) {
            throw new IllegalArgumentException(op + ": fans must be positive, got shape " + Arrays.toString(shape));
        }
        return new long[] {fanIn, fanOut};
    }
}
