package dev.jgrad;

/**
 * Observation points for the optional modes (anomaly detection, tracing). With both off this is a
 * flag check per op.
 */
final class Hooks {
    private Hooks() {
    }

    static Throwable creationSite() {
        return Anomaly.isOn() ? new Throwable("creation site") : null;
    }

    static void afterForward(String op, Tensor out, Tensor[] inputs, Node node) {
        if (Anomaly.isOn()) {
            Anomaly.checkForward(op, out, inputs);
        }
    }

    static void afterBackward(Node node, Tensor grad, Tensor[] inputGrads) {
        if (Anomaly.isOn()) {
            Anomaly.checkBackward(node, inputGrads);
        }
    }
}
