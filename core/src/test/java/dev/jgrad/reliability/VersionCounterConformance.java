package dev.jgrad.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Autograd;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import dev.jgrad.conformance.BackendTestBase;
import org.junit.jupiter.api.Test;

/** A tensor saved for backward and then overwritten in place makes backward throw instead of lying. */
public abstract class VersionCounterConformance extends BackendTestBase {

    @Test
    void optimizerStepBetweenForwardAndBackwardIsCaught() {
        Tensor w = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
        Tensor loss = w.mul(w).sum();                     // mul saves w twice
        int before = w.version();
        try (Scope g = Autograd.noGrad()) {
            w.assign(w.sub(0.1));                         // an SGD-like update, in place
        }
        assertEquals(before + 1, w.version());
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("'mul'") && e.getMessage().contains("modified in place"), e.getMessage());
        assertTrue(e.getMessage().contains("[3]"), "names the tensor: " + e.getMessage());
    }

    @Test
    void overwritingASavedOutputIsCaught() {
        Tensor x = Tensor.of(new double[] {0.5, -1}).requiresGrad(true);
        Tensor y = x.sigmoid();                           // sigmoid saves its output
        Tensor loss = y.sum();
        try (Scope g = Autograd.noGrad()) {
            y.assign(Tensor.of(new double[] {0, 0}));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("'sigmoid'"), e.getMessage());
    }

    @Test
    void writesToUnsavedTensorsAndAfterBackwardAreFine() {
        Tensor w = Tensor.of(new double[] {1, 2}).requiresGrad(true);
        Tensor loss = w.add(1.0).sum();                   // add(scalar) saves nothing
        try (Scope g = Autograd.noGrad()) {
            w.assign(w.mul(3.0));
        }
        loss.backward();
        assertArrayEquals(new double[] {1, 1}, w.grad().toDoubleArray());
        Tensor loss2 = w.square().sum();
        loss2.backward();                                 // grads accumulate: 1 + 2w with w = [3, 6]
        assertArrayEquals(new double[] {7, 13}, w.grad().toDoubleArray());
        try (Scope g = Autograd.noGrad()) {
            w.assign(w.sub(w.grad().mul(0.1)));           // after backward: allowed
        }
        assertArrayEquals(new double[] {3 - 0.7, 6 - 1.3}, w.toDoubleArray(), 1e-15);
    }

    @Test
    void inPlaceOnALeafThatRequiresGradNeedsNoGrad() {
        Tensor w = Tensor.of(new double[] {1, 2}).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.assign(w.mul(2.0)));
        assertTrue(e.getMessage().contains("assign") && e.getMessage().contains("noGrad"), e.getMessage());
        assertArrayEquals(new double[] {1, 2}, w.toDoubleArray());
    }
}
