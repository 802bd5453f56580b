package dev.jgrad;

import java.util.Map;

/** The lectures' names for how each op turns its upstream gradient into downstream ones (for traces). */
final class LocalRules {
    private static final Map<String, String> RULES = Map.ofEntries(
            Map.entry("add", "add: distributor (passes the gradient unchanged)"),
            Map.entry("sum", "sum: distributor (broadcasts the gradient back)"),
            Map.entry("sumOf", "sum: distributor (passes the gradient unchanged)"),
            Map.entry("sub", "sub: distributor (negated for the subtrahend)"),
            Map.entry("mul", "mul: swap multiplier (each input gets the other)"),
            Map.entry("div", "div: 1/b for a, −a/b² for b"),
            Map.entry("neg", "neg: −1"),
            Map.entry("exp", "exp: e^x (the output itself)"),
            Map.entry("log", "log: 1/x"),
            Map.entry("sqrt", "sqrt: 1/(2√x)"),
            Map.entry("square", "square: 2x"),
            Map.entry("pow", "pow: p·x^(p−1)"),
            Map.entry("abs", "abs: sign(x)"),
            Map.entry("reciprocal", "reciprocal: −1/x²"),
            Map.entry("rdiv", "c/x: −c/x²"),
            Map.entry("maximum", "max: router (to the larger input)"),
            Map.entry("minimum", "min: router (to the smaller input)"),
            Map.entry("max", "max: router (to the first maximum)"),
            Map.entry("relu", "relu: router (1 where x > 0)"),
            Map.entry("leakyRelu", "leakyRelu: 1 where x > 0, else slope"),
            Map.entry("elu", "elu: 1 where x > 0, else y + α"),
            Map.entry("sigmoid", "sigmoid: σ(1−σ)"),
            Map.entry("tanh", "tanh: 1 − tanh²"),
            Map.entry("softplus", "softplus: σ(x)"),
            Map.entry("matmul", "matmul: dA = dY·Bᵀ, dB = Aᵀ·dY"),
            Map.entry("softmax", "softmax: y ⊙ (g − Σ g⊙y)"),
            Map.entry("logSoftmax", "logSoftmax: g − softmax·Σg"),
            Map.entry("transpose", "transpose: transpose back"),
            Map.entry("reshape", "reshape: reshape back"),
            Map.entry("broadcastTo", "broadcast: sum over the broadcast dims"),
            Map.entry("unsqueeze", "unsqueeze: squeeze back"),
            Map.entry("squeeze", "squeeze: unsqueeze back"),
            Map.entry("permute", "permute: inverse permutation"),
            Map.entry("contiguous", "copy: identity"));

    private LocalRules() {
    }

    static String of(String op) {
        String r = RULES.get(op);
        if (r != null) {
            return r;
        }
        return op.startsWith("to(") ? op + ": convert back" : op + ": custom VJP";
    }
}
