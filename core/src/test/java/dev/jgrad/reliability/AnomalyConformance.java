package dev.jgrad.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Autograd;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import dev.jgrad.conformance.BackendTestBase;
import org.junit.jupiter.api.Test;

/** detectAnomaly(): the op that first produced NaN/Inf throws, in forward or in backward. */
public abstract class AnomalyConformance extends BackendTestBase {

    @Test
    void forwardNaNThrowsAtTheProducingOp() {
        Tensor x = Tensor.of(new double[] {1, -1}).requiresGrad(true);
        try (Scope a = Autograd.detectAnomaly()) {
            Tensor ok = x.exp();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ok.sub(3.0).log());
            assertTrue(e.getMessage().contains("forward of op 'log'"), e.getMessage());
            assertTrue(e.getMessage().contains("[2]"), "input shapes: " + e.getMessage());
        }
    }

    @Test
    void backwardInfThrowsNamingTheOpAndItsCreationSite() {
        Tensor x = Tensor.of(new double[] {0, 4}).requiresGrad(true);
        try (Scope a = Autograd.detectAnomaly()) {
            Tensor loss = x.sqrt().sum();                 // forward fine; d√x/dx at 0 is +Inf
            IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
            assertTrue(e.getMessage().contains("backward of op 'sqrt'"), e.getMessage());
            assertTrue(e.getMessage().contains(AnomalyConformance.class.getSimpleName())
                    || e.getMessage().contains(getClass().getSimpleName()), "creation site: " + e.getMessage());
        }
    }

    @Test
    void offByDefaultAndAfterTheScope() {
        Tensor x = Tensor.of(new double[] {0}).requiresGrad(true);
        try (Scope a = Autograd.detectAnomaly()) {
            x.exp();
        }
        Tensor loss = x.sqrt().sum();
        loss.backward();                                  // no anomaly mode: the Inf is returned, as PyTorch does
        assertEquals(Double.POSITIVE_INFINITY, x.grad().toDoubleArray()[0]);
        assertTrue(Double.isNaN(Tensor.of(new double[] {-1}).log().item()));
    }
}
