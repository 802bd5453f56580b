package dev.jgrad;

/**
 * One recorded op in the graph: where its gradient goes (the nodes of non-leaf inputs, or the leaf
 * tensors themselves) and the VJP holding whatever the op saved from its forward pass.
 */
final class Node {
    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

    final long id = IDS.incrementAndGet();
    final String op;
    /** Per input: the producing node (non-leaf input), else null. */
    final Node[] inputNodes;
    /** Per input: the leaf tensor that accumulates a gradient, else null. */
    final Tensor[] inputLeaves;
    final boolean[] needsGrad;
    final long[][] inputShapes;
    final long[] outputShape;
    private Tensor[] saved;
    private int[] savedVersions;
    private Vjp vjp;
    /** Where the op was created, for anomaly reports; null unless anomaly mode is on. */
    final Throwable creationSite;

    Node(String op, Tensor[] inputs, Tensor[] saved, Vjp vjp, long[] outputShape, Throwable creationSite) {
        this.op = op;
        int n = inputs.length;
        this.inputNodes = new Node[n];
        this.inputLeaves = new Tensor[n];
        this.needsGrad = new boolean[n];
        this.inputShapes = new long[n][];
        for (int i = 0; i < n; i++) {
            Tensor in = inputs[i];
            inputShapes[i] = in.shape();
            if (in.requiresGrad()) {
                needsGrad[i] = true;
                if (in.gradFn != null) {
                    inputNodes[i] = in.gradFn;
                } else {
                    inputLeaves[i] = in;
                }
            }
        }
        this.saved = saved;
        this.savedVersions = new int[saved.length];
        for (int i = 0; i < saved.length; i++) {
            savedVersions[i] = saved[i].storage.version();
        }
        this.vjp = vjp;
        this.outputShape = outputShape;
        this.creationSite = creationSite;
    }

    boolean isReleased() {
        return vjp == null;
    }

    /** Runs the VJP after checking that nothing it saved was modified in place since. */
    Tensor[] backward(Tensor grad) {
        if (vjp == null) {
            throw new IllegalStateException("backward: the graph through op '" + op + "' was already released by an"
                    + " earlier backward; call backward/Autograd.grad with retainGraph=true to go through it twice");
        }
        for (int i = 0; i < saved.length; i++) {
            if (saved[i].storage.version() != savedVersions[i]) {
                throw new IllegalStateException("backward: a tensor saved by op '" + op + "' ("
                        + saved[i].describe() + ") was modified in place after it was saved (version "
                        + savedVersions[i] + " -> " + saved[i].storage.version() + "); its gradient would be wrong");
            }
        }
        return vjp.apply(grad, needsGrad);
    }

    /** Drops the saved tensors so their memory can go. */
    void release() {
        vjp = null;
        saved = new Tensor[0];
        savedVersions = new int[0];
    }
}
