package dev.jgrad.spi;

/** Reductions along dims. Kernel name: {@code stem + "_" + dtype}. */
public enum ReduceOp {
    SUM("sum"),
    MAX("max"),
    MIN("min");

    private final String kernelStem;

    ReduceOp(String kernelStem) {
        this.kernelStem = kernelStem;
    }

    public String kernelStem() {
        return kernelStem;
    }

    /** The identity the reduction starts from (for empty reductions). */
    public double identity() {
        return switch (this) {
            case SUM -> 0.0;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        };
    }
}
