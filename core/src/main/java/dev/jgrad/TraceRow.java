package dev.jgrad;

import java.util.List;

/**
 * One node of a {@link Trace}: a leaf ({@code kind} "parameter" or "constant") or an op ("op", or "output"
 * for the tensor backward started from). Values are rendered: scalars in full, tensors as shape, first
 * values and norm. Gradients are empty strings until a backward pass reached the node.
 *
 * @param id         node number, in topological order
 * @param op         the op name ("mul", "sigmoid"), or the leaf's label ("x0", "leaf")
 * @param kind       "parameter", "constant", "op" or "output"
 * @param inputs     ids of the input nodes
 * @param shape      output shape
 * @param value      forward value
 * @param upstream   gradient of the final output with respect to this node's value (∂L/∂node)
 * @param downstream per input, the gradient this node sent to it (upstream × local gradient)
 * @param rule       the local-gradient rule ("mul: swap multiplier")
 */
public record TraceRow(int id, String op, String kind, List<Integer> inputs, long[] shape, String value,
                       String upstream, List<String> downstream, String rule) {
    public TraceRow {
        inputs = List.copyOf(inputs);
        downstream = List.copyOf(downstream);
        shape = shape.clone();
    }
}
