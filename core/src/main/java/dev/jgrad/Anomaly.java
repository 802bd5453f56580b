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
                    for (StackTraceElement e : node.creationSite.getStackTrace()) {
                        if (!e.getClassName().startsWith("dev.jgrad.") || e.getClassName().contains("Test")) {
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
