package dev.jgrad.spi;

import dev.jgrad.DType;
import dev.jgrad.Device;

/**
 * What a device must do for jgrad. Core validates every argument before calling (shapes agree,
 * dtypes agree, dims in range, outputs freshly allocated and contiguous unless stated), so a backend
 * only computes. Inputs may be any strided layout: transposed, broadcast (stride 0), offset.
 *
 * <p>Operations may run asynchronously (CUDA); only {@link #download} and {@link #synchronize}
 * wait for the device. Elementwise outputs ({@link #unary}, {@link #binary}) may be the very same
 * view as an input (in-place), never a partially overlapping one.
 *
 * <p>Composite operations have default implementations built from the primitives; a backend may
 * override them with fused kernels.
 */
public interface Backend {
    Device device();

    /** Short name for messages ("cpu", "cuda:0 (NVIDIA H100)"). */
    String name();

    /** Uninitialised storage for {@code numel} elements. */
    Storage allocate(DType dtype, long numel);

    /** Copies a host array ({@code float[]}, {@code double[]} or {@code int[]} matching the dtype, length = numel) into dense storage. */
    void upload(Object hostArray, Storage dst);

    /** The view's elements in row-major order as a new host array of the view's dtype ({@code float[]}, {@code double[]}, {@code int[]}). */
    Object download(View src);

    /** Element-by-element copy between two layouts of the same shape and dtype; {@code dst} may be strided (in-place assignment). */
    void copy(View src, View dst);

    /** Converts {@code src} to {@code dst}'s dtype (same shape); floating to I32 truncates toward zero. */
    void cast(View src, View dst);

    /** Sets every element of {@code dst} to {@code value}. */
    void fill(View dst, double value);

    /** {@code out = op(in, param)} elementwise, same shape and dtype. */
    void unary(UnaryOp op, double param, View in, View out);

    /** {@code out = op(a, b)}; {@code a} and {@code b} are already broadcast to {@code out}'s shape (stride-0 dims). */
    void binary(BinaryOp op, View a, View b, View out);

    /**
     * Reduces {@code in} over {@code dims} (sorted, distinct) into {@code out}, whose layout keeps the
     * reduced dims with size 1. The order of accumulation is fixed: the same input gives bitwise the
     * same output every time. Reducing an empty range gives {@link ReduceOp#identity()}.
     */
    void reduce(ReduceOp op, View in, int[] dims, View out);

    /** Index (I32) of the first maximum along {@code dim}; {@code out} keeps {@code dim} with size 1. NaN counts as the maximum. */
    void argmax(View in, int dim, View out);

    /**
     * {@code out[..., j, ...] = indices[..., 0, ...] == j ? 1 : 0} with {@code j} running along {@code dim};
     * {@code indices} is I32 with size 1 at {@code dim}, {@code out} is floating.
     */
    void oneHot(View indices, int dim, View out);

    /**
     * Batched matrix product: {@code a} is (B..., n, k), {@code b} is (B..., k, m), {@code out} is (B..., n, m),
     * all with the same batch shape (broadcast batch dims have stride 0). A transposed operand shows up as
     * a matrix whose second-to-last stride is 1: read it as such (cuBLAS {@code OP_T}), do not copy it.
     */
    void matmul(View a, View b, View out);

    /** Fills a dense {@code out} with the {@link Philox} numbers of {@code seed} (element i from counter i). */
    void random(RandomKind kind, long seed, View out);

    /** Waits until all queued work on this device is done. */
    void synchronize();

    /**
     * In place {@code y ← y + x·alpha}, x of y's shape (an optimizer's update with {@code alpha = −lr}): the product
     * rounded to the dtype, then the sum, exactly as the default computes it. Default: {@link UnaryOp#MUL_SCALAR}
     * into a temporary, then {@link BinaryOp#ADD} into y. x never overlaps y.
     */
    default void addScaledInPlace(View y, double alpha, View x) {
        CompositeOps.addScaled(this, y, alpha, x);
    }

    /** Softmax along {@code dim} (out dense). Default: max-shifted exp over the sum, from primitives. */
    default void softmax(View in, int dim, View out) {
        CompositeOps.softmax(this, in, dim, out, false);
    }

    /** Log-softmax along {@code dim} (out dense). Default: x − max − log Σ exp(x − max), from primitives. */
    default void logSoftmax(View in, int dim, View out) {
        CompositeOps.softmax(this, in, dim, out, true);
    }
}
