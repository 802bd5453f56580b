package dev.jgrad.spi;

/**
 * Elementwise two-input operations over NumPy-broadcast layouts. Results have the inputs' dtype;
 * comparisons give 1 or 0. Kernel name: {@code stem + "_" + dtype}.
 */
public enum BinaryOp {
    ADD("add"),
    SUB("sub"),
    MUL("mul"),
    DIV("div"),
    MAXIMUM("maximum"),
    MINIMUM("minimum"),
    /** a > b ? 1 : 0 */
    GT("gt"),
    /** a == b ? 1 : 0 */
    EQ("eq");

    private final String kernelStem;

    BinaryOp(String kernelStem) {
        this.kernelStem = kernelStem;
    }

    public String kernelStem() {
        return kernelStem;
    }

    /** True for the ops defined on I32 too (integer arithmetic is exact; DIV is not among them). */
    public boolean supportsInt() {
        return this != DIV;
    }

    /** Reference scalar definition: what every backend must match. NaN propagates through max/min. */
    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAXIMUM -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
            case MINIMUM -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b);
            case GT -> a > b ? 1.0 : 0.0;
            case EQ -> a == b ? 1.0 : 0.0;
        };
    }

    /** Integer form for I32 tensors (wrapping like Java int arithmetic). */
    public int applyInt(int a, int b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case GT -> a > b ? 1 : 0;
            case EQ -> a == b ? 1 : 0;
            case DIV -> throw new IllegalArgumentException("div is not defined on I32");
        };
    }
}
