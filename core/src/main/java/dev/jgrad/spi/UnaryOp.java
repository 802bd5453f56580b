package dev.jgrad.spi;

/**
 * Elementwise one-input operations. Some take a scalar parameter {@code p} (passed next to the op);
 * scalar arithmetic lives here so that {@code x.add(1.0)} never uploads a scalar to the device.
 * Results have the input's dtype; comparisons give 1 or 0. Each op names its kernel stem: the
 * CUDA kernel is {@code stem + "_" + dtype} (e.g. {@code sigmoid_f32}).
 */
public enum UnaryOp {
    NEG("neg"),
    EXP("exp"),
    LOG("log"),
    SQRT("sqrt"),
    SQUARE("square"),
    ABS("abs"),
    RECIPROCAL("reciprocal"),
    RELU("relu"),
    SIGMOID("sigmoid"),
    TANH("tanh"),
    /** log(1 + e^x), computed stably: max(x, 0) + log1p(e^-|x|). */
    SOFTPLUS("softplus"),
    /** -1, 0 or 1. */
    SIGN("sign"),
    /** x + p */
    ADD_SCALAR("add_scalar"),
    /** x * p */
    MUL_SCALAR("mul_scalar"),
    /** x / p */
    DIV_SCALAR("div_scalar"),
    /** p / x */
    RDIV_SCALAR("rdiv_scalar"),
    /** x^p (Math.pow semantics) */
    POW("pow"),
    /** x > 0 ? x : p·x */
    LEAKY_RELU("leaky_relu"),
    /** x > 0 ? x : p·(e^x − 1) */
    ELU("elu"),
    /** x > p ? 1 : 0 */
    GT_SCALAR("gt_scalar");

    private final String kernelStem;

    UnaryOp(String kernelStem) {
        this.kernelStem = kernelStem;
    }

    public String kernelStem() {
        return kernelStem;
    }

    /** Reference scalar definition in double precision: what every backend must match. */
    public double apply(double x, double p) {
        return switch (this) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case SQUARE -> x * x;
            case ABS -> Math.abs(x);
            case RECIPROCAL -> 1.0 / x;
            case RELU -> x > 0 ? x : 0.0;
            case SIGMOID -> x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
            case TANH -> Math.tanh(x);
            case SOFTPLUS -> Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
            case SIGN -> Math.signum(x);
            case ADD_SCALAR -> x + p;
            case MUL_SCALAR -> x * p;
            case DIV_SCALAR -> x / p;
            case RDIV_SCALAR -> p / x;
            case POW -> Math.pow(x, p);
            case LEAKY_RELU -> x > 0 ? x : p * x;
            case ELU -> x > 0 ? x : p * Math.expm1(x);
            case GT_SCALAR -> x > p ? 1.0 : 0.0;
        };
    }
}
