package dev.jgrad.nn;

import dev.jgrad.DType;
import dev.jgrad.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Loss functions; each returns a rank-0 tensor to call {@code backward()} on.
 *
 * <pre>{@code
 * Tensor logits = net.forward(x);                       // (N, C)
 * Tensor loss = Loss.crossEntropy(logits, labels)       // labels: I32 (N)
 *         .add(Loss.l2(1e-3, List.of(fc1.weight(), fc2.weight())));
 * loss.backward();
 * }</pre>
 *
 * <p>All losses are built from differentiable tensor ops, so they run on the inputs' device.
 * Bad input throws {@link IllegalArgumentException} naming the loss and the shapes/dtypes.
 */
public final class Loss {
    private Loss() {
    }

    /** Mean squared error {@code mean((pred − target)²)}; shapes and dtypes must be equal. */
    public static Tensor mse(Tensor pred, Tensor target) {
        requireSameShapeFloating("Loss.mse", pred, target);
        return pred.sub(target).square().mean();
    }

    /** The lectures' {@code ½‖t − y‖²}, summed over all elements (not averaged). */
    public static Tensor halfSquaredError(Tensor pred, Tensor target) {
        requireSameShapeFloating("Loss.halfSquaredError", pred, target);
        return target.sub(pred).square().sum().mul(0.5);
    }

    /**
     * Softmax cross-entropy from raw scores: {@code mean_i(−log softmax(logits_i)[y_i])}, computed via
     * log-softmax (log-sum-exp with the row max subtracted), so large logits do not overflow.
     *
     * @param logits (N, C) floating
     * @param labels (N) I32 class ids in [0, C); checked on the CPU, trusted on a GPU (no per-step host read),
     *               where an id outside the range contributes nothing to the loss
     */
    public static Tensor crossEntropy(Tensor logits, Tensor labels) {
        requireClassification("Loss.crossEntropy", logits, labels);
        long n = logits.shape()[0];
        long c = logits.shape()[1];
        Tensor oneHot = labels.oneHot(c, logits.dtype());
        return logits.logSoftmax(1).mul(oneHot).sum().mul(-1.0 / n);
    }

    /**
     * Multiclass SVM (hinge) loss, {@code mean_i Σ_{j≠y_i} max(0, s_ij − s_iy_i + margin)}, as in CS231n
     * (no division by the number of classes, unlike {@code torch.nn.MultiMarginLoss}).
     *
     * @param scores (N, C) floating
     * @param labels (N) I32 class ids in [0, C); checked on the CPU, trusted on a GPU (as for
     *               {@link #crossEntropy(Tensor, Tensor)})
     */
    public static Tensor hinge(Tensor scores, Tensor labels, double margin) {
        requireClassification("Loss.hinge", scores, labels);
        long n = scores.shape()[0];
        long c = scores.shape()[1];
        Tensor oneHot = labels.oneHot(c, scores.dtype());
        Tensor correct = scores.mul(oneHot).sum(1, true);                 // (N, 1): s_iy
        Tensor margins = scores.sub(correct).add(margin).relu();          // (N, C)
        // the j = y term would be max(0, margin); the mask removes it (value and gradient)
        Tensor others = oneHot.neg().add(1.0);
        return margins.mul(others).sum().mul(1.0 / n);
    }

    /**
     * Binary cross-entropy on logits, mean over all elements: per element
     * {@code max(x,0) − x·t + log(1 + e^−|x|)}, which equals {@code softplus(x) − x·t} and never
     * evaluates log(0) or overflows.
     *
     * @param logits any shape, floating
     * @param targets same shape and dtype, values in [0, 1]
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor targets) {
        requireSameShapeFloating("Loss.binaryCrossEntropyWithLogits", logits, targets);
        return logits.softplus().sub(logits.mul(targets)).mean();
    }

    /** L2 regularisation {@code λ·Σ_p Σ p²} over the given tensors (usually the weights, not biases). */
    public static Tensor l2(double lambda, List<Tensor> params) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("Loss.l2: no tensors given");
        }
        Tensor total = null;
        for (Tensor p : params) {
            if (!p.dtype().isFloating()) {
                throw new IllegalArgumentException("Loss.l2: tensors must be floating, got " + p.dtype()
                        + " " + Arrays.toString(p.shape()));
            }
            Tensor s = p.square().sum();
            total = total == null ? s : total.add(s);
        }
        return total.mul(lambda);
    }

    /** {@link #l2(double, List)} for a few tensors. */
    public static Tensor l2(double lambda, Tensor... params) {
        return l2(lambda, List.of(params));
    }

    private static void requireSameShapeFloating(String op, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": prediction " + Arrays.toString(a.shape())
                    + " and target " + Arrays.toString(b.shape()) + " must have the same shape");
        }
        if (!a.dtype().isFloating() || a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": prediction and target need one floating dtype, got "
                    + a.dtype() + " and " + b.dtype());
        }
    }

    private static void requireClassification(String op, Tensor scores, Tensor labels) {
        if (scores.rank() != 2) {
            throw new IllegalArgumentException(op + ": scores must be (N, C), got " + Arrays.toString(scores.shape()));
        }
        if (!scores.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": scores must be F32 or F64, got " + scores.dtype());
        }
        if (labels.dtype() != DType.I32) {
            throw new IllegalArgumentException(op + ": labels must be I32 class ids, got " + labels.dtype()
                    + " " + Arrays.toString(labels.shape()));
        }
        if (labels.rank() != 1 || labels.shape()[0] != scores.shape()[0]) {
            throw new IllegalArgumentException(op + ": labels must be (N) = (" + scores.shape()[0]
                    + ") for scores " + Arrays.toString(scores.shape()) + ", got " + Arrays.toString(labels.shape()));
        }
        // oneHot maps an out-of-range id to an all-zero row, which would silently drop that example.
        // On the CPU reading the N labels is free, so it becomes an error there; on a GPU the read would be a
        // synchronising device-to-host copy every step, so labels there are trusted (validate them once, upfront)
        if (!labels.device().isCpu()) {
            return;
        }
        int[] ids = labels.toIntArray();
        long classes = scores.shape()[1];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= classes) {
                throw new IllegalArgumentException(op + ": label " + ids[i] + " at row " + i + " is outside [0, "
                        + classes + ") for scores " + Arrays.toString(scores.shape()));
            }
        }
    }
}
