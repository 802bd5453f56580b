package dev.jgrad.fuzz;

import dev.jgrad.Tensor;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Every public tensor operation the fuzzer draws from, each as one API call: how to apply it to the
 * node's operands, and how to print that call as Java. Parameters live in the {@link FuzzNode}
 * ({@code p}: a double, {@code axes}: dims / a permutation, {@code dims}: a target shape).
 */
enum FuzzOp {
    /** An input: a fresh leaf (never applied; {@link GraphRunner} builds it). */
    LEAF(false),
    NEG(false), EXP(false), LOG(false), SQRT(false), SQUARE(false), POW(false), ABS(true), RECIPROCAL(false),
    RELU(true), LEAKY_RELU(true), ELU(true), SIGMOID(false), TANH(false), SOFTPLUS(false),
    ADD_C(false), SUB_C(false), MUL_C(false), DIV_C(false),
    ADD(false), SUB(false), MUL(false), DIV(false), MAXIMUM(true), MINIMUM(true), SUM_OF(false),
    MATMUL(false),
    TRANSPOSE(false), TRANSPOSE_DIMS(false), RESHAPE(false), BROADCAST_TO(false), PERMUTE(false),
    UNSQUEEZE(false), SQUEEZE(false), CONTIGUOUS(false),
    SUM_ALL(false), SUM_DIM(false), SUM_DIMS(false), MEAN_ALL(false), MEAN_DIM(false),
    MAX_DIM(true), MIN_DIM(true), ARGMAX(true), SOFTMAX(false), LOG_SOFTMAX(false);

    /** Whether the op's derivative (or, for argmax, its value) jumps somewhere: finite differences must stay off it. */
    final boolean kinked;

    FuzzOp(boolean kinked) {
        this.kinked = kinked;
    }

    Tensor apply(Tensor[] in, FuzzNode n) {
        Tensor a = in[0];
        boolean keep = n.p() != 0;
        return switch (this) {
            case LEAF -> throw new IllegalStateException("a leaf is built, not applied");
            case NEG -> a.neg();
            case EXP -> a.exp();
            case LOG -> a.log();
            case SQRT -> a.sqrt();
            case SQUARE -> a.square();
            case POW -> a.pow(n.p());
            case ABS -> a.abs();
            case RECIPROCAL -> a.reciprocal();
            case RELU -> a.relu();
            case LEAKY_RELU -> a.leakyRelu(n.p());
            case ELU -> a.elu(n.p());
            case SIGMOID -> a.sigmoid();
            case TANH -> a.tanh();
            case SOFTPLUS -> a.softplus();
            case ADD_C -> a.add(n.p());
            case SUB_C -> a.sub(n.p());
            case MUL_C -> a.mul(n.p());
            case DIV_C -> a.div(n.p());
            case ADD -> a.add(in[1]);
            case SUB -> a.sub(in[1]);
            case MUL -> a.mul(in[1]);
            case DIV -> a.div(in[1]);
            case MAXIMUM -> a.maximum(in[1]);
            case MINIMUM -> a.minimum(in[1]);
            case SUM_OF -> Tensor.sumOf(in);
            case MATMUL -> a.matmul(in[1]);
            case TRANSPOSE -> a.transpose();
            case TRANSPOSE_DIMS -> a.transpose(n.axes()[0], n.axes()[1]);
            case RESHAPE -> a.reshape(n.dims());
            case BROADCAST_TO -> a.broadcastTo(n.dims());
            case PERMUTE -> a.permute(n.axes());
            case UNSQUEEZE -> a.unsqueeze(n.axes()[0]);
            case SQUEEZE -> a.squeeze(n.axes()[0]);
            case CONTIGUOUS -> a.contiguous();
            case SUM_ALL -> a.sum();
            case SUM_DIM -> a.sum(n.axes()[0], keep);
            case SUM_DIMS -> a.sum(n.axes(), keep);
            case MEAN_ALL -> a.mean();
            case MEAN_DIM -> a.mean(n.axes()[0], keep);
            case MAX_DIM -> a.max(n.axes()[0], keep);
            case MIN_DIM -> a.min(n.axes()[0], keep);
            // argmax is I32: cast back so later float ops can use it (a constant: no gradient flows)
            case ARGMAX -> a.argmax(n.axes()[0]).to(a.dtype());
            case SOFTMAX -> a.softmax(n.axes()[0]);
            case LOG_SOFTMAX -> a.logSoftmax(n.axes()[0]);
        };
    }

    /** The Java expression of this call on operands named {@code in}. */
    String call(String[] in, FuzzNode n) {
        String a = in[0];
        String p = num(n.p());
        String keep = n.p() != 0 ? "true" : "false";
        String d0 = n.axes() == null || n.axes().length == 0 ? "" : Integer.toString(n.axes()[0]);
        return switch (this) {
            case LEAF -> throw new IllegalStateException("a leaf is printed by FuzzGraph");
            case NEG -> a + ".neg()";
            case EXP -> a + ".exp()";
            case LOG -> a + ".log()";
            case SQRT -> a + ".sqrt()";
            case SQUARE -> a + ".square()";
            case POW -> a + ".pow(" + p + ")";
            case ABS -> a + ".abs()";
            case RECIPROCAL -> a + ".reciprocal()";
            case RELU -> a + ".relu()";
            case LEAKY_RELU -> a + ".leakyRelu(" + p + ")";
            case ELU -> a + ".elu(" + p + ")";
            case SIGMOID -> a + ".sigmoid()";
            case TANH -> a + ".tanh()";
            case SOFTPLUS -> a + ".softplus()";
            case ADD_C -> a + ".add(" + p + ")";
            case SUB_C -> a + ".sub(" + p + ")";
            case MUL_C -> a + ".mul(" + p + ")";
            case DIV_C -> a + ".div(" + p + ")";
            case ADD -> a + ".add(" + in[1] + ")";
            case SUB -> a + ".sub(" + in[1] + ")";
            case MUL -> a + ".mul(" + in[1] + ")";
            case DIV -> a + ".div(" + in[1] + ")";
            case MAXIMUM -> a + ".maximum(" + in[1] + ")";
            case MINIMUM -> a + ".minimum(" + in[1] + ")";
            case SUM_OF -> "Tensor.sumOf(" + String.join(", ", in) + ")";
            case MATMUL -> a + ".matmul(" + in[1] + ")";
            case TRANSPOSE -> a + ".transpose()";
            case TRANSPOSE_DIMS -> a + ".transpose(" + n.axes()[0] + ", " + n.axes()[1] + ")";
            case RESHAPE -> a + ".reshape(" + longs(n.dims()) + ")";
            case BROADCAST_TO -> a + ".broadcastTo(" + longs(n.dims()) + ")";
            case PERMUTE -> a + ".permute(" + ints(n.axes()) + ")";
            case UNSQUEEZE -> a + ".unsqueeze(" + d0 + ")";
            case SQUEEZE -> a + ".squeeze(" + d0 + ")";
            case CONTIGUOUS -> a + ".contiguous()";
            case SUM_ALL -> a + ".sum()";
            case SUM_DIM -> a + ".sum(" + d0 + ", " + keep + ")";
            case SUM_DIMS -> a + ".sum(new int[] {" + ints(n.axes()) + "}, " + keep + ")";
            case MEAN_ALL -> a + ".mean()";
            case MEAN_DIM -> a + ".mean(" + d0 + ", " + keep + ")";
            case MAX_DIM -> a + ".max(" + d0 + ", " + keep + ")";
            case MIN_DIM -> a + ".min(" + d0 + ", " + keep + ")";
            case ARGMAX -> a + ".argmax(" + d0 + ").to(dt)";
            case SOFTMAX -> a + ".softmax(" + d0 + ")";
            case LOG_SOFTMAX -> a + ".logSoftmax(" + d0 + ")";
        };
    }

    /** A double literal that reads back to the same value. */
    static String num(double v) {
        return Double.toString(v);
    }

    static String longs(long[] v) {
        return Arrays.stream(v).mapToObj(Long::toString).collect(Collectors.joining(", "));
    }

    static String ints(int[] v) {
        return Arrays.stream(v).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    }
}
