package dev.jgrad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Compares autograd with central finite differences in F64, element by element.
 *
 * <pre>{@code
 * Tensor a = Tensor.randn(1, DType.F64, 3, 4).requiresGrad(true);
 * Tensor b = Tensor.randn(2, DType.F64, 4, 2).requiresGrad(true);
 * GradCheckResult r = GradCheck.check(in -> in.get(0).matmul(in.get(1)).tanh().sum(),
 *                                     List.of(a, b), 1e-6, 1e-8, 1e-6);
 * assert r.passed() : r.report();
 * }</pre>
 *
 * <p>Inputs are converted to F64 copies (I32 inputs pass through). A non-scalar output y is reduced to
 * the scalar Σ y⊙r with a fixed random r, so every output element is checked at once.
 */
public final class GradCheck {
    private static final long PROJECTION_SEED = 0x6A67726164L;

    private GradCheck() {
    }

    /**
     * Every element of every input that requires grad is perturbed by ±eps; it passes when
     * |analytic − numeric| ≤ atol + rtol·|numeric| everywhere.
     */
    public static GradCheckResult check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double eps,
                                        double atol, double rtol) {
        List<Tensor> x = new ArrayList<>();
        List<Tensor> wrt = new ArrayList<>();
        List<Integer> wrtIndex = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor in = inputs.get(i);
            if (in.dtype().isFloating()) {
                Tensor copy = ViewOps.copyDense(in.detach()).to(DType.F64);
                if (in.requiresGrad()) {
                    copy.requiresGrad(true);
                    wrt.add(copy);
                    wrtIndex.add(i);
                }
                x.add(copy);
            } else {
                x.add(in);
            }
        }
        if (wrt.isEmpty()) {
            throw new IllegalArgumentException("GradCheck.check: no input requires grad");
        }
        Tensor weights;
        Tensor y0;
        try (Scope g = Autograd.noGrad()) {
            y0 = f.apply(x);
        }
        try (Scope d = Device.with(y0.device())) {
            weights = y0.numel() == 1 ? null : Tensor.randn(PROJECTION_SEED, DType.F64, y0.shape());
        }
        Tensor loss = project(f.apply(x), weights);
        List<Tensor> analytic = Autograd.grad(loss, wrt, null, false, false);

        double maxAbs = 0;
        double worstExcess = Double.NEGATIVE_INFINITY;
        String worst = "";
        long checked = 0;
        for (int w = 0; w < wrt.size(); w++) {
            Tensor input = wrt.get(w);
            double[] a = analytic.get(w).toDoubleArray();
            double[] values = input.toDoubleArray();
            int slot = x.indexOf(input);
            for (int e = 0; e < values.length; e++) {
                double numeric = (perturbed(f, x, slot, values, e, eps, weights)
                        - perturbed(f, x, slot, values, e, -eps, weights)) / (2 * eps);
                double err = Math.abs(a[e] - numeric);
                double excess = err - (atol + rtol * Math.abs(numeric));
                if (Double.isNaN(err)) {
                    excess = Double.POSITIVE_INFINITY;
                }
                maxAbs = Math.max(maxAbs, err);
                if (excess > worstExcess) {
                    worstExcess = excess;
                    worst = "input " + wrtIndex.get(w) + " element " + Arrays.toString(unravel(e, input.shape()))
                            + ": analytic " + a[e] + ", numeric " + numeric + ", |diff| " + err;
                }
                checked++;
            }
        }
        boolean passed = worstExcess <= 0;
        String report = (passed ? "GradCheck passed: " : "GradCheck FAILED: ") + checked + " elements in "
                + wrt.size() + " input(s), max |analytic - numeric| = " + maxAbs + "; worst: " + worst
                + " (eps " + eps + ", atol " + atol + ", rtol " + rtol + ")";
        return new GradCheckResult(passed, maxAbs, report);
    }

    private static Tensor project(Tensor y, Tensor weights) {
        Tensor y64 = y.to(DType.F64);
        return weights == null ? y64.sum() : y64.mul(weights).sum();
    }

    private static double perturbed(Function<List<Tensor>, Tensor> f, List<Tensor> x, int slot, double[] values,
                                    int element, double delta, Tensor weights) {
        double[] shifted = values.clone();
        shifted[element] += delta;
        Tensor original = x.get(slot);
        List<Tensor> args = new ArrayList<>(x);
        try (Scope g = Autograd.noGrad(); Scope d = Device.with(original.device());
             TensorScope s = TensorScope.open()) {
            args.set(slot, Tensor.ofExact(shifted, original.shape()));
            return project(f.apply(args), weights).item();
        }
    }

    private static long[] unravel(long linear, long[] shape) {
        long[] idx = new long[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = shape[i] == 0 ? 0 : linear % shape[i];
            linear = shape[i] == 0 ? 0 : linear / shape[i];
        }
        return idx;
    }
}
