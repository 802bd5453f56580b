package dev.jgrad;

/** Records ops into the autograd graph when grad mode is on and an input requires grad. */
final class Graph {
    private Graph() {
    }

    static boolean shouldRecord(Tensor... inputs) {
        if (!GradMode.isEnabled()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Attaches {@code out} to the graph as the result of {@code op}. {@code saved} lists the tensors
     * the VJP reads, so backward can detect that one was modified in place.
     */
    static Tensor record(String op, Tensor out, Tensor[] inputs, Tensor[] saved, Vjp vjp) {
        if (!shouldRecord(inputs)) {
            Hooks.afterForward(op, out, inputs, null);
            return out;
        }
        Node node = new Node(op, inputs, saved, vjp, out.shape(), Hooks.creationSite());
        out.attach(node);
        Hooks.afterForward(op, out, inputs, node);
        return out;
    }

    static Tensor[] of(Tensor... ts) {
        return ts;
    }
}
