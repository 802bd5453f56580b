package dev.jgrad.demo;

import dev.jgrad.Autograd;
import dev.jgrad.Tensor;
import dev.jgrad.Trace;

/**
 * The lectures' worked backprop examples, built with real Tensor code under {@link Autograd#trace()}:
 * each returns the finished trace (forward values and, after backward, every gradient).
 */
public final class LectureGraphs {
    private LectureGraphs() {
    }

    private static Tensor scalar(double v, boolean param) {
        return Tensor.of(new double[] {v}).requiresGrad(param);
    }

    /** Staged computation f = (x + y)·z at x=-2, y=5, z=-4: q=3, f=-12, ∂f/∂x=∂f/∂y=-4, ∂f/∂z=3. */
    public static Trace staged() {
        Tensor x = scalar(-2, true);
        Tensor y = scalar(5, true);
        Tensor z = scalar(-4, true);
        Trace t = Autograd.trace().label(x, "x").label(y, "y").label(z, "z");
        try (t) {
            x.add(y).mul(z).backward();
        }
        return t;
    }

    /** The sigmoid neuron σ(w0·x0 + w1·x1 + w2) at w=(2,-3,-3), x=(-1,-2): 0.73, ∂w0=-0.20, ∂x0=0.39, ∂w1=-0.39, ∂x1=-0.59, ∂w2=0.20. */
    public static Trace sigmoidNeuron() {
        Tensor w0 = scalar(2, true);
        Tensor x0 = scalar(-1, true);
        Tensor w1 = scalar(-3, true);
        Tensor x1 = scalar(-2, true);
        Tensor w2 = scalar(-3, true);
        Trace t = Autograd.trace().label(w0, "w0").label(x0, "x0").label(w1, "w1").label(x1, "x1").label(w2, "w2");
        try (t) {
            Tensor.sumOf(w0.mul(x0), w1.mul(x1), w2).sigmoid().backward();
        }
        return t;
    }

    /**
     * L = σ(Xᵀθ) at θ=[-1,4,-2], X=[1,2,3], staged as seed 004's eight nodes A..H: three products,
     * their sum, −z, exp, 1 + z, 1/z. L=0.7310586, ∇θ=[0.196612, 0.393224, 0.589836].
     */
    public static Trace sigmoidOfDot() {
        double[] theta = {-1, 4, -2};
        Tensor[] th = new Tensor[3];
        Tensor[] x = new Tensor[3];
        Trace t = Autograd.trace();
        for (int i = 0; i < 3; i++) {
            th[i] = scalar(theta[i], true);
            x[i] = scalar(i + 1, false);
            t.label(th[i], "θ" + i).label(x[i], "X" + i);
        }
        try (t) {
            Tensor z0 = Tensor.sumOf(x[0].mul(th[0]), x[1].mul(th[1]), x[2].mul(th[2]));   // A, B, C, D
            z0.neg().exp().add(1.0).reciprocal().backward();                               // E, F, G, H
        }
        return t;
    }

    /** f = ‖W·x‖² with W=[[0.1,0.5],[-0.3,0.8]], x=[0.2,0.4]: f=0.116, ∇W=2q·xᵀ, ∇x=2Wᵀq. */
    public static Trace matrixNorm() {
        Tensor w = Tensor.of(new double[] {0.1, 0.5, -0.3, 0.8}, 2, 2).requiresGrad(true);
        Tensor x = Tensor.of(new double[] {0.2, 0.4}).requiresGrad(true);
        Trace t = Autograd.trace().label(w, "W").label(x, "x");
        try (t) {
            w.matmul(x).square().sum().backward();
        }
        return t;
    }
}
