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

    /** Runs a small MLP step and returns loss, dW1, dW2 as one array. */
    private static double[] mlpStep(long seed) {
        Tensor x = Tensor.randn(seed, DType.F32, 8, 5);
        Tensor w1 = Tensor.randn(seed + 1, DType.F32, 5, 7).requiresGrad(true);
        Tensor w2 = Tensor.randn(seed + 2, DType.F32, 7, 3).requiresGrad(true);
        Tensor loss = x.matmul(w1).tanh().matmul(w2).softmax(1).log().mean().neg();
        loss.backward();
        double[] g1 = w1.grad().toDoubleArray();
        double[] g2 = w2.grad().toDoubleArray();
        double[] out = new double[1 + g1.length + g2.length];
        out[0] = loss.item();
        System.arraycopy(g1, 0, out, 1, g1.length);
        System.arraycopy(g2, 0, out, 1 + g1.length, g2.length);
        return out;
    }

    @Test
    void tracingNeverChangesAResult() {
        double[] plain = mlpStep(11);
        double[] traced;
        int opRows;
        String table;
        String markdown;
        try (Trace t = Autograd.trace()) {
            traced = mlpStep(11);
            table = t.table();
            markdown = t.markdown();
            opRows = t.rows().size();
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(plain, traced, 0.0, "bitwise identical with tracing on");
        // 3 leaves (x, w1, w2) + matmul, tanh, matmul, softmax, log, mean's sum and div, neg
        assertTrue(opRows >= 10, "rows: " + opRows + "\n" + table);
        org.junit.jupiter.api.Assertions.assertEquals(opRows + 2, markdown.split("\n").length,
                "markdown: header, separator, one line per row\n" + markdown);
        org.junit.jupiter.api.Assertions.assertEquals(opRows + 1, table.split("\n").length, "text: header + rows");
    }
}
