package dev.jgrad;

/**
 * Observation points for the optional modes (anomaly detection, tracing). With both off, each op pays one
 * read of a static counter; the thread-local state is consulted only while some mode is on somewhere.
 */
final class Hooks {
    /** Number of open anomaly/trace scopes in the process: the fast "anything on?" check. */
    private static final java.util.concurrent.atomic.AtomicInteger ACTIVE = new java.util.concurrent.atomic.AtomicInteger();

    private Hooks() {
    }

    static void modeOpened() {
        ACTIVE.incrementAndGet();
    }

    static void modeClosed() {
        ACTIVE.decrementAndGet();
    }

    static Throwable creationSite() {
        return ACTIVE.get() != 0 && Anomaly.isOn() ? new Throwable("creation site") : null;
    }

    static void afterForward(String op, Tensor out, Tensor[] inputs, Node node) {
        if (ACTIVE.get() == 0) {
            return;
        }
        if (Anomaly.isOn() && !Anomaly.isInsideBackward()) {
            Anomaly.checkForward(op, out, inputs);
        }
        TraceRecorder t = TraceRecorder.current();
        if (t != null && node != null) {
            t.onForward(op, out, inputs, node);
        }
    }

    /** Runs a node's VJP; in anomaly mode its inner ops are not checked as forwards, the VJP's result is. */
    static Tensor[] runBackward(Node node, Tensor grad) {
        if (ACTIVE.get() == 0) {
            return node.backward(grad);
        }
        Tensor[] inputGrads;
        try (Scope s = Anomaly.insideBackward()) {
            inputGrads = node.backward(grad);
        }
        if (Anomaly.isOn()) {
            Anomaly.checkBackward(node, inputGrads);
        }
        TraceRecorder t = TraceRecorder.current();
        if (t != null) {
            t.onBackward(node, grad, inputGrads);
        }
        return inputGrads;
    }

    static void leafGradient(Tensor leaf, Tensor grad) {
        if (ACTIVE.get() == 0) {
            return;
        }
        TraceRecorder t = TraceRecorder.current();
        if (t != null) {
            t.onLeafGradient(leaf, grad);
        }
    }
}
