package dev.jgrad.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.conformance.BackendTestBase;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Absurd shapes get clear exceptions; zero-element tensors flow through every op, forward and backward. */
public abstract class HostileInputConformance extends BackendTestBase {

    @Test
    void elementCountOverflowingALongIsRejectedBeforeAllocating() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(DType.F32, 1L << 32, 1L << 32, 4));
        assertTrue(e.getMessage().contains("overflows"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.randn(1, DType.F64, Long.MAX_VALUE, 2));
    }

    @Test
    void negativeDimsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.ones(DType.F32, 3, -2));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
        Tensor x = Tensor.ones(DType.F32, 2, 3);
        assertThrows(IllegalArgumentException.class, () -> x.reshape(-2, 3));
        assertThrows(IllegalArgumentException.class, () -> x.reshape(-1, -1));
        assertThrows(IllegalArgumentException.class, () -> x.broadcastTo(2, -3));
    }

    @Test
    void nanAndInfinityFlowThroughLikeIeee() {
        Tensor x = Tensor.of(new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.0});
        double[] relu = x.relu().toDoubleArray();
        assertTrue(Double.isNaN(x.sum().item()));
        assertEquals(Double.POSITIVE_INFINITY, relu[1]);
        assertTrue(Double.isNaN(x.max(0, false).item()), "max propagates NaN");
        assertEquals(0, x.argmax(0).toIntArray()[0], "NaN counts as the maximum");
    }

    /** Every differentiable op on a (0, 3) input: forward shapes, and backward gives an empty gradient. */
    @Test
    void zeroElementTensorsThroughEveryOp() {
        List<Function<Tensor, Tensor>> ops = List.of(
                t -> t.add(t), t -> t.sub(1.0), t -> t.mul(t), t -> t.div(2.0), t -> t.div(t.add(1.0)),
                Tensor::neg, Tensor::exp, t -> t.abs().add(1.0).log(), t -> t.abs().sqrt(), Tensor::square,
                t -> t.pow(3), Tensor::abs, t -> t.add(1.0).reciprocal(), t -> t.maximum(t.mul(0.5)),
                t -> t.minimum(t.mul(0.5)), Tensor::relu, t -> t.leakyRelu(0.1), t -> t.elu(1.0),
                Tensor::sigmoid, Tensor::tanh, Tensor::softplus, Tensor::transpose, t -> t.reshape(3, 0),
                t -> t.sum(0, true), t -> t.mean(1, false), t -> t.softmax(0), t -> t.logSoftmax(1),
                t -> t.matmul(Tensor.ones(DType.F64, 3, 2)), t -> t.transpose().matmul(t));
        for (int i = 0; i < ops.size(); i++) {
            Tensor x = Tensor.zeros(DType.F64, 0, 3).requiresGrad(true);
            Tensor y = ops.get(i).apply(x);
            Tensor loss = y.sum();
            assertEquals(0.0, loss.item(), "op #" + i);
            loss.backward();
            assertArrayEquals(new long[] {0, 3}, x.grad().shape(), "op #" + i);
        }
        Tensor empty = Tensor.zeros(DType.F64, 0, 3);
        assertArrayEquals(new long[] {3}, empty.sum(0, false).shape());
        assertArrayEquals(new double[] {0, 0, 0}, empty.sum(0, false).toDoubleArray());
        assertTrue(Double.isNaN(empty.mean().item()), "mean of nothing is NaN, as in PyTorch");
        assertThrows(IllegalArgumentException.class, () -> empty.max(0, false));
        assertThrows(IllegalArgumentException.class, () -> empty.argmax(0));
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0},
                empty.transpose().matmul(Tensor.zeros(DType.F64, 0, 2)).toDoubleArray(), "k = 0 gives zeros");
    }
}
