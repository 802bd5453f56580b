package dev.jgrad.bench;

import java.util.Locale;

/**
 * Bytes an operation must move at least (each input read once, the output written once): the numerator of
 * the GB/s figures. Shared by the benchmarks' parameter names and the report so both agree.
 *
 * <pre>{@code
 * double gbs = Traffic.elementwiseBytes("add", 1 << 20, 4) / seconds / 1e9;   // 12 MiB moved
 * }</pre>
 */
public final class Traffic {
    /** Elementwise ops the benchmarks run: binary ones read two inputs. */
    public static final String[] ELEMENTWISE_OPS = {"add", "mul", "relu", "sigmoid", "exp"};
    /** Row-wise ops on an R×C matrix: sumAll, sumDim0 (a total per column), sumDim1 (per row), softmax and logSoftmax over the last dim. */
    public static final String[] REDUCTION_OPS = {"sumAll", "sumDim0", "sumDim1", "softmax", "logSoftmax"};

    private Traffic() {
    }

    public static int bytesPerElement(String dtype) {
        switch (dtype.toUpperCase(Locale.ROOT)) {
            case "F32":
            case "FLOAT32":
            case "I32":
                return 4;
            case "F64":
            case "FLOAT64":
                return 8;
            default:
                throw new IllegalArgumentException("Traffic: unknown dtype '" + dtype + "'");
        }
    }

    /** Elementwise op over {@code elements}: 3 arrays for binary ops, 2 for unary ones (or a plain copy). */
    public static double elementwiseBytes(String op, long elements, int bytesPerElement) {
        int arrays;
        switch (op) {
            case "add":
            case "addAlloc":
            case "mul":
                arrays = 3;
                break;
            case "relu":
            case "sigmoid":
            case "exp":
            case "copy":
                arrays = 2;
                break;
            default:
                throw new IllegalArgumentException("Traffic: unknown elementwise op '" + op + "'");
        }
        return (double) arrays * elements * bytesPerElement;
    }

    /** Reduction/softmax over an R×C matrix: read it once, write the result. */
    public static double reductionBytes(String op, long rows, long cols, int bytesPerElement) {
        long in = rows * cols;
        long out;
        switch (op) {
            case "sumAll":
                out = 1;
                break;
            case "sumDim0":
                out = cols;
                break;
            case "sumDim1":
                out = rows;
                break;
            case "softmax":
            case "logSoftmax":
                out = in;
                break;
            default:
                throw new IllegalArgumentException("Traffic: unknown reduction op '" + op + "'");
        }
        return (double) (in + out) * bytesPerElement;
    }

    /** Parses {@code "RxC"}. */
    public static long[] matrix(String rxc) {
        String[] p = rxc.toLowerCase(Locale.ROOT).split("x");
        if (p.length != 2) {
            throw new IllegalArgumentException("Traffic: expected RxC, got '" + rxc + "'");
        }
        return new long[] {Long.parseLong(p[0].trim()), Long.parseLong(p[1].trim())};
    }
}
