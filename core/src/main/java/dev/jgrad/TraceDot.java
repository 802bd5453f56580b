package dev.jgrad;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Draws a trace like the lecture slides: leaves on the left, the output on the right, each edge labelled
 * with the forward value above (black) and the gradient flowing back below (red). Parameters are blue
 * boxes, constants grey boxes, ops ellipses, the output a bold double octagon.
 */
final class TraceDot {
    private TraceDot() {
    }

    static String of(List<TraceRow> rows) {
        StringBuilder sb = new StringBuilder("digraph jgrad_trace {\n  rankdir=LR;\n")
                .append("  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=10];\n");
        for (TraceRow r : rows) {
            sb.append("  n").append(r.id()).append(" [").append(style(r)).append(", label=\"")
                    .append(escape(nodeLabel(r))).append("\"];\n");
        }
        for (TraceRow r : rows) {
            for (int i = 0; i < r.inputs().size(); i++) {
                TraceRow in = rows.get(r.inputs().get(i) - 1);
                String grad = i < r.downstream().size() ? r.downstream().get(i) : "";
                sb.append("  n").append(in.id()).append(" -> n").append(r.id()).append(" [label=<")
                        .append(edgeLabel(in.value(), grad)).append(">];\n");
            }
        }
        TraceRow out = rows.stream().filter(r -> r.kind().equals("output")).findFirst().orElse(null);
        if (out != null) {
            sb.append("  result [shape=plaintext, label=\"\"];\n  n").append(out.id()).append(" -> result [label=<")
                    .append(edgeLabel(out.value(), out.upstream())).append(">];\n");
        }
        return sb.append("}\n").toString();
    }

    /** Forward value above, the gradient flowing back below in red (none into constants). */
    private static String edgeLabel(String value, String grad) {
        String v = html(value);
        return grad.isEmpty() ? v : v + "<br/><font color=\"red\">" + html(grad) + "</font>";
    }

    private static String style(TraceRow r) {
        return switch (r.kind()) {
            case "parameter" -> "shape=box, style=filled, fillcolor=\"#cfe2ff\"";
            case "constant" -> "shape=box, style=filled, fillcolor=\"#eeeeee\"";
            case "output" -> "shape=doubleoctagon, style=\"filled,bold\", fillcolor=\"#ffd8a8\"";
            default -> "shape=ellipse";
        };
    }

    private static String nodeLabel(TraceRow r) {
        return r.kind().equals("parameter") || r.kind().equals("constant") ? r.op() : r.id() + ": " + r.op();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static void render(String dot, Path file) {
        String name = file.getFileName().toString();
        String format = name.endsWith(".svg") ? "svg" : name.endsWith(".png") ? "png" : null;
        if (format == null) {
            throw new IllegalArgumentException("Trace.render: file must end in .svg or .png, got " + file);
        }
        Process p;
        try {
            p = new ProcessBuilder("dot", "-T" + format, "-o", file.toAbsolutePath().toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("Trace.render: Graphviz 'dot' is not installed (Debian package"
                    + " graphviz: apt-get install graphviz)", e);
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(dot.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Trace.render: writing to dot failed", e);
        }
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("Trace.render: dot failed for " + file + ": " + output);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Trace.render: interrupted", e);
        }
    }
}
