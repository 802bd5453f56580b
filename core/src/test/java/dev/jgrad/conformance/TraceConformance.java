package dev.jgrad.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.Trace;
import org.junit.jupiter.api.Test;

/**
 * Autograd.trace() reads the staged forward values and gradients back from the device: the
 * lecture's f = (x + y)·z at x=-2, y=5, z=-4 shows q = 3, f = -12 and the gradients -4, -4, 3.
 */
public abstract class TraceConformance extends BackendTestBase {

    @Test
    void stagedComputationShowsForwardValuesAndGradients() {
        Tensor x = Tensor.scalar(-2, DType.F64).requiresGrad(true);
        Tensor y = Tensor.scalar(5, DType.F64).requiresGrad(true);
        Tensor z = Tensor.scalar(-4, DType.F64).requiresGrad(true);
        String table;
        String dot;
        int rows;
        try (Trace t = Autograd.trace()) {
            Tensor f = x.add(y).mul(z);
            f.backward();
            table = t.table();
            dot = t.toDot();
            rows = t.rows().size();
        }
        // 3 leaves + add + mul, or at least the 2 op nodes if leaves are folded into their consumers
        assertTrue(rows >= 2, "rows: " + rows + "\n" + table);
        assertTrue(table.contains("-12"), "forward value f = -12 in\n" + table);
        assertTrue(table.contains("3"), "forward value q = 3 in\n" + table);
        assertTrue(table.contains("-4"), "gradient -4 in\n" + table);
        assertTrue(dot.contains("digraph"), "Graphviz DOT:\n" + dot);
        assertTrue(dot.contains("-12"), "DOT carries the forward values:\n" + dot);
    }
}
