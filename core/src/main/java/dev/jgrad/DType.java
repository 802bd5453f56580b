package dev.jgrad;

/**
 * Element types a {@link Tensor} can hold.
 *
 * <p>F32 and F64 are floating point and differentiable; I32 holds labels and indices
 * (class ids for {@code Loss.crossEntropy}, the result of {@code argmax}) and supports shape
 * operations, copies, casts and comparisons, but no arithmetic gradients.
 *
 * <pre>{@code
 * Tensor labels = Tensor.of(new int[] {0, 2, 1}, 3);   // DType.I32
 * Tensor x = Tensor.zeros(DType.F64, 2, 3);
 * }</pre>
 */
public enum DType {
    F32(4),
    F64(8),
    I32(4);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** True for F32 and F64: the dtypes that can require gradients. */
    public boolean isFloating() {
        return this != I32;
    }

    /** Lower-case name used in kernel names ({@code add_f32}). */
    public String kernelSuffix() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
