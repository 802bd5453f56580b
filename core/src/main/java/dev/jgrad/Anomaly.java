package dev.jgrad;

import java.util.Arrays;

/** Anomaly mode: finds the first op whose forward or backward produced NaN/Inf. */
final class Anomaly {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private Anomaly() {
    }

    static Scope enable() {
        int[] depth = DEPTH.get();
        depth[0]++;
        Hooks.modeOpened();
        boolean[] closed = {false};
        return () -> {
            if (!closed[0]) {
                closed[0] = true;
                depth[0]--;
                Hooks.modeClosed();
            }
        };
    }

    private static final ThreadLocal<int[]> IN_BACKWARD = ThreadLocal.withInitial(() -> new int[1]);

    /** Marks the running of a VJP: the ops inside it are attributed to the node whose VJP it is. */
    static Scope insideBackward() {
        int[] depth = IN_BACKWARD.get();
        depth[0]++;
        return () -> depth[0]--;
    }

    static boolean isInsideBackward() {
        return IN_BACKWARD.get()[0] > 0;
    }

    static boolean isOn() {
        return DEPTH.get()[0] > 0;
    }

    static void checkForward(String op, Tensor out, Tensor[] inputs) {
        if (out.dtype().isFloating() && !allFinite(out)) {
            throw new IllegalStateException("anomaly: forward of op '" + op + "' produced NaN/Inf in its output "
                    + out.describe() + "; inputs " + Tensor.shapes(inputs));
        }
    }

    static void checkBackward(Node node, Tensor[] inputGrads) {
        for (int i = 0; i < inputGrads.length; i++) {
            Tensor g = inputGrads[i];
            if (g != null && !allFinite(g)) {
                StringBuilder where = new StringBuilder();
                if (node.creationSite != null) {
                    int shown = 0;
                    for (StackTraceElement e : node.creationSite.getStackTrace()) {
                        // skip jgrad's own op machinery (package dev.jgrad); show the caller and a few frames up
                        if (!isCoreFrame(e) && shown++ < 8) {
                            where.append("\n    at ").append(e);
                        }
                    }
                }
                throw new IllegalStateException("anomaly: backward of op '" + node.op + "' produced NaN/Inf in the "
                        + "gradient of input " + i + " (input shapes " + shapes(node.inputShapes) + ")"
                        + (where.length() > 0 ? "; the op was created" + where : ""));
            }
        }
    }

    private static boolean isCoreFrame(StackTraceElement e) {
        String c = e.getClassName();
        return c.startsWith("dev.jgrad.") && c.indexOf('.', "dev.jgrad.".length()) < 0;
    }

    private static String shapes(long[][] s) {
        StringBuilder sb = new StringBuilder();
        for (long[] x : s) {
            sb.append(sb.length() == 0 ? "" : ", ").append(Arrays.toString(x));
        }
        return sb.toString();
    }

    private static boolean allFinite(Tensor t) {
        for (double v : t.toDoubleArray()) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
