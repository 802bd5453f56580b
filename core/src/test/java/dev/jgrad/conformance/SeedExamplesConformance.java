package dev.jgrad.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The worked examples of the seed material (issue 2, "The seeds' worked examples"), each with the
 * numbers given there, in F32 and F64, on the backend under test.
 */
public abstract class SeedExamplesConformance extends BackendTestBase {

    private static Tensor leaf(DType dt, double v) {
        return Tensor.scalar(v, dt).requiresGrad(true);
    }

    /** Issue numbers carry 5–7 significant digits; F32 adds its own rounding on top. */
    private static double seedTol(DType dt, double digitsTol) {
        return dt == DType.F32 ? Math.max(digitsTol, 2e-6) : digitsTol;
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void stagedAddThenMultiply(DType dt) {
        // f = (x + y)·z at x=-2, y=5, z=-4: q = 3, f = -12; df/dx = df/dy = z = -4, df/dz = q = 3
        Tensor x = leaf(dt, -2);
        Tensor y = leaf(dt, 5);
        Tensor z = leaf(dt, -4);
        Tensor f = x.add(y).mul(z);
        assertShape(f);
        assertEquals(-12.0, f.item(), 0.0);
        f.backward();
        assertEquals(-4.0, x.grad().item(), 0.0);
        assertEquals(-4.0, y.grad().item(), 0.0);
        assertEquals(3.0, z.grad().item(), 0.0);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void sigmoidNeuron(DType dt) {
        // σ(w0·x0 + w1·x1 + w2) at w0=2, x0=-1, w1=-3, x1=-2, w2=-3: the dot is 1, σ(1)=0.73106,
        // σ'(1)=σ(1-σ)=0.19661, so each weight's gradient is its input times 0.19661 and vice versa
        Tensor w0 = leaf(dt, 2);
        Tensor x0 = leaf(dt, -1);
        Tensor w1 = leaf(dt, -3);
        Tensor x1 = leaf(dt, -2);
        Tensor w2 = leaf(dt, -3);
        Tensor f = w0.mul(x0).add(w1.mul(x1)).add(w2).sigmoid();
        double tol = seedTol(dt, 1e-5);   // issue numbers are rounded to 5 decimals
        assertEquals(0.73106, f.item(), tol);
        f.backward();
        assertEquals(-0.19661, w0.grad().item(), tol);
        assertEquals(0.39322, x0.grad().item(), tol);
        assertEquals(-0.39322, w1.grad().item(), tol);
        assertEquals(-0.58984, x1.grad().item(), tol);
        assertEquals(0.19661, w2.grad().item(), tol);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void sigmoidOfXTransposeThetaAsDot(DType dt) {
        // L = σ(Xᵀθ) with θ=[-1,4,-2], X=[1,2,3]: Xᵀθ = -1+8-6 = 1; L=0.7310586; ∇θ = σ'(1)·X
        Tensor theta = tensor(dt, new double[] {-1, 4, -2}, 3).requiresGrad(true);
        Tensor x = tensor(dt, new double[] {1, 2, 3}, 3);
        Tensor l = x.matmul(theta).sigmoid();  // 1-D · 1-D is a dot: rank 0
        assertShape(l);
        assertEquals(0.7310586, l.item(), seedTol(dt, 1e-7));
        l.backward();
        assertClose(new double[] {0.196612, 0.393224, 0.589836}, theta.grad(), seedTol(dt, 1e-6));
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void sigmoidOfXTransposeThetaAsColumns(DType dt) {
        // the same example with column vectors (3,1): Xᵀ is a transposed view, Xᵀθ is (1,1)
        Tensor theta = tensor(dt, new double[] {-1, 4, -2}, 3, 1).requiresGrad(true);
        Tensor x = tensor(dt, new double[] {1, 2, 3}, 3, 1);
        Tensor l = x.transpose().matmul(theta).sigmoid();
        assertShape(l, 1, 1);
        assertEquals(0.7310586, l.item(), seedTol(dt, 1e-7));
        l.sum().backward();
        assertShape(theta.grad(), 3, 1);
        assertClose(new double[] {0.196612, 0.393224, 0.589836}, theta.grad(), seedTol(dt, 1e-6));
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void matmulVectorJacobianProducts(DType dt) {
        Tensor x = tensor(dt, new double[] {2, 1, -3, -3, 4, 2}, 2, 3).requiresGrad(true);
        Tensor w = tensor(dt, new double[] {3, 2, 1, -1, 2, 1, 3, 2, 3, 2, 1, -2}, 3, 4).requiresGrad(true);
        Tensor dy = tensor(dt, new double[] {2, 3, -3, 9, -8, 1, 4, 6}, 2, 4);
        Tensor y = x.matmul(w);
        assertClose(new double[] {-1, -1, 2, 6, 5, 2, 11, 7}, y, 0.0);
        y.backward(dy);
        // dx = dy·wᵀ, dw = xᵀ·dy (issue 2's numbers; small integers, so exact in both dtypes)
        assertClose(new double[] {0, 16, -9, -24, 9, -30}, x.grad(), 0.0);
        assertClose(new double[] {28, 3, -18, 0, -30, 7, 13, 33, -22, -7, 17, -15}, w.grad(), 0.0);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void squaredNormOfMatrixVectorProduct(DType dt) {
        // f = ‖W·x‖²: q = W·x = [0.22, 0.26], f = 0.116, ∇W = 2q·xᵀ, ∇x = 2Wᵀq
        Tensor wm = tensor(dt, new double[] {0.1, 0.5, -0.3, 0.8}, 2, 2).requiresGrad(true);
        Tensor x = tensor(dt, new double[] {0.2, 0.4}, 2).requiresGrad(true);
        Tensor q = wm.matmul(x);   // matrix·vector
        assertShape(q, 2);
        Tensor f = q.square().sum();
        double tol = dt == DType.F32 ? 1e-6 : 1e-14;
        assertEquals(0.116, f.item(), tol);
        f.backward();
        assertClose(new double[] {0.088, 0.176, 0.104, 0.208}, wm.grad(), tol);
        assertClose(new double[] {-0.112, 0.636}, x.grad(), tol);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void affineBiasGradientIsColumnSum(DType dt) {
        // Z = X·W + 1·bᵀ with b broadcast over rows: ∂L/∂b = column sums of G = ∂L/∂Z, ∂L/∂W = Xᵀ·G, ∂L/∂X = G·Wᵀ
        int n = 5;
        int d = 4;
        int m = 3;
        double[] xv = sample(dt, n * d, 11, -1, 1);
        double[] wv = sample(dt, d * m, 12, -1, 1);
        double[] bv = sample(dt, m, 13, -1, 1);
        double[] gv = sample(dt, n * m, 14, -1, 1);
        Tensor x = tensor(dt, xv, n, d).requiresGrad(true);
        Tensor w = tensor(dt, wv, d, m).requiresGrad(true);
        Tensor b = tensor(dt, bv, m).requiresGrad(true);
        Tensor z = x.matmul(w).add(b);
        double[] zRef = matmulRef(xv, wv, n, d, m);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                zRef[i * m + j] += bv[j];
            }
        }
        assertClose(zRef, z, 10 * tol(dt));
        z.backward(tensor(dt, gv, n, m));
        double[] colSum = new double[m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                colSum[j] += gv[i * m + j];
            }
        }
        assertShape(b.grad(), m);
        assertClose(colSum, b.grad(), 10 * tol(dt));
        assertClose(matmulRef(transposeRef(xv, n, d), gv, d, n, m), w.grad(), 10 * tol(dt));
        assertClose(matmulRef(gv, transposeRef(wv, d, m), n, m, d), x.grad(), 10 * tol(dt));
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void gradientFlowPatterns(DType dt) {
        // CS231n's circuit f = 2·(x·y + max(z, w)) at x=3, y=-4, z=2, w=-1:
        // the add gate distributes (2 to both branches), the mul gate swaps (dx = 2y = -8, dy = 2x = 6),
        // the max gate routes (dz = 2, dw = 0), and f = 2·(-12 + 2) = -20
        Tensor x = leaf(dt, 3);
        Tensor y = leaf(dt, -4);
        Tensor z = leaf(dt, 2);
        Tensor w = leaf(dt, -1);
        Tensor f = x.mul(y).add(z.maximum(w)).mul(2.0);
        assertEquals(-20.0, f.item(), 0.0);
        f.backward();
        assertEquals(-8.0, x.grad().item(), 0.0);
        assertEquals(6.0, y.grad().item(), 0.0);
        assertEquals(2.0, z.grad().item(), 0.0);
        assertEquals(0.0, w.grad().item(), 0.0);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void copyGateAddsGradients(DType dt) {
        // a value used twice (fan-out) receives the sum: f = 3a + a·b → df/da = 3 + b = 5 at a=1.5, b=2
        Tensor a = leaf(dt, 1.5);
        Tensor b = leaf(dt, 2);
        Tensor f = a.mul(3.0).add(a.mul(b));
        assertEquals(7.5, f.item(), 0.0);
        f.backward();
        assertEquals(5.0, a.grad().item(), 0.0);
        assertEquals(1.5, b.grad().item(), 0.0);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void lectureTwoLayerNetMatchesHandDerivedGradients(DType dt) {
        int n = 64;
        int dIn = 1000;
        int h = 100;
        int dOut = 10;
        double[] xv = sample(dt, n * dIn, 21, -1, 1);
        double[] yv = sample(dt, n * dOut, 22, -1, 1);
        // weights scaled so the hidden pre-activations are O(1) and the sigmoid does not saturate
        double[] w1v = sample(dt, dIn * h, 23, -0.05, 0.05);
        double[] w2v = sample(dt, h * dOut, 24, -0.3, 0.3);
        Tensor x = tensor(dt, xv, n, dIn);
        Tensor y = tensor(dt, yv, n, dOut);
        Tensor w1 = tensor(dt, w1v, dIn, h).requiresGrad(true);
        Tensor w2 = tensor(dt, w2v, h, dOut).requiresGrad(true);

        Tensor hidden = x.matmul(w1).sigmoid();
        Tensor yPred = hidden.matmul(w2);
        Tensor loss = yPred.sub(y).square().sum();
        loss.backward();

        // the hand derivation, in double loops: h = σ(x·w1), ŷ = h·w2, L = Σ(ŷ−y)²
        double[] hv = matmulRef(xv, w1v, n, dIn, h);
        for (int i = 0; i < hv.length; i++) {
            hv[i] = 1.0 / (1.0 + Math.exp(-hv[i]));
        }
        double[] yp = matmulRef(hv, w2v, n, h, dOut);
        double lossRef = 0;
        double[] gradYPred = new double[yp.length];
        for (int i = 0; i < yp.length; i++) {
            lossRef += (yp[i] - yv[i]) * (yp[i] - yv[i]);
            gradYPred[i] = 2 * (yp[i] - yv[i]);
        }
        double[] gradW2 = matmulRef(transposeRef(hv, n, h), gradYPred, h, n, dOut);       // hᵀ·2(ŷ−y)
        double[] gradH = matmulRef(gradYPred, transposeRef(w2v, h, dOut), n, dOut, h);     // 2(ŷ−y)·w2ᵀ
        double[] gradPre = new double[gradH.length];
        for (int i = 0; i < gradH.length; i++) {
            gradPre[i] = gradH[i] * hv[i] * (1 - hv[i]);                                  // ⊙ h ⊙ (1−h)
        }
        double[] gradW1 = matmulRef(transposeRef(xv, n, dIn), gradPre, dIn, n, h);          // xᵀ·(...)

        double rtol = dt == DType.F32 ? 1e-4 : 1e-10;
        assertEquals(lossRef, loss.item(), rtol * lossRef);
        assertCloseScaled(gradW2, w2.grad(), rtol);
        assertCloseScaled(gradW1, w1.grad(), rtol);
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void squaredErrorOfSigmoidSumMatchesClosedForm(DType dt) {
        // f = (y − Σᵢ σ(wᵢᵀx + bᵢ))²: ∂f/∂wᵢ = 2(Σσ − y)·σᵢ(1−σᵢ)·x, ∂f/∂bᵢ = 2(Σσ − y)·σᵢ(1−σᵢ),
        // ∂f/∂x = Σᵢ 2(Σσ − y)·σᵢ(1−σᵢ)·wᵢ
        int k = 4;
        int d = 3;
        double[] wv = sample(dt, k * d, 31, -1, 1);
        double[] bv = sample(dt, k, 32, -1, 1);
        double[] xv = sample(dt, d, 33, -1, 1);
        double yv = roundTo(dt, 0.7);
        Tensor w = tensor(dt, wv, k, d).requiresGrad(true);
        Tensor b = tensor(dt, bv, k).requiresGrad(true);
        Tensor x = tensor(dt, xv, d).requiresGrad(true);
        Tensor y = Tensor.scalar(yv, dt);
        Tensor f = y.sub(w.matmul(x).add(b).sigmoid().sum()).square();
        assertShape(f);
        f.backward();

        double[] s = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            double z = bv[i];
            for (int j = 0; j < d; j++) {
                z += wv[i * d + j] * xv[j];
            }
            s[i] = 1 / (1 + Math.exp(-z));
            sum += s[i];
        }
        double[] gw = new double[k * d];
        double[] gb = new double[k];
        double[] gx = new double[d];
        for (int i = 0; i < k; i++) {
            double c = 2 * (sum - yv) * s[i] * (1 - s[i]);
            gb[i] = c;
            for (int j = 0; j < d; j++) {
                gw[i * d + j] = c * xv[j];
                gx[j] += c * wv[i * d + j];
            }
        }
        assertEquals((yv - sum) * (yv - sum), f.item(), 10 * tol(dt));
        assertClose(gw, w.grad(), 10 * tol(dt));
        assertClose(gb, b.grad(), 10 * tol(dt));
        assertClose(gx, x.grad(), 10 * tol(dt));
    }

    @ParameterizedTest
    @EnumSource(names = {"F32", "F64"})
    void hessianVectorProductOfSumOfCubes(DType dt) {
        // ∇(Σx³) = 3x², and the Hessian is diag(6x), so H·v = 6x ⊙ v
        double[] xv = {-1.5, 0.5, 2.0, 3.0};
        double[] vv = {1.0, -2.0, 0.25, 0.5};
        Tensor x = tensor(dt, xv, 4).requiresGrad(true);
        Tensor v = tensor(dt, vv, 4);
        Tensor f = x.pow(3).sum();
        List<Tensor> g = Autograd.grad(f, List.of(x), null, true, true);
        double[] threeXSquared = new double[4];
        double[] hv = new double[4];
        for (int i = 0; i < 4; i++) {
            threeXSquared[i] = 3 * xv[i] * xv[i];
            hv[i] = 6 * xv[i] * vv[i];
        }
        assertClose(threeXSquared, g.get(0), tol(dt));
        List<Tensor> hvp = Autograd.grad(g.get(0).mul(v).sum(), List.of(x), null, false, false);
        assertClose(hv, hvp.get(0), tol(dt));
    }

    @Test
    void hessianVectorProductThroughMultiplications() {
        // the same Σx³ written as x·x·x, so the second derivative runs through mul's VJP (F64)
        double[] xv = {-1.5, 0.5, 2.0, 3.0};
        double[] vv = {1.0, -2.0, 0.25, 0.5};
        Tensor x = Tensor.of(xv, 4).requiresGrad(true);
        Tensor v = Tensor.of(vv, 4);
        Tensor g = Autograd.grad(x.mul(x).mul(x).sum(), List.of(x), null, true, true).get(0);
        Tensor hvp = Autograd.grad(g.mul(v).sum(), List.of(x), null, false, false).get(0);
        double[] hv = new double[4];
        for (int i = 0; i < 4; i++) {
            hv[i] = 6 * xv[i] * vv[i];
        }
        assertClose(hv, hvp, 1e-12);
    }
}
