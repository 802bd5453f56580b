package dev.jgrad.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Trace;
import dev.jgrad.TraceRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trace tables of the lectures' examples carry the lectures' numbers. */
class LectureTracesTest {
    @SuppressWarnings("unchecked")
    private static List<TraceRow> rows(Trace t) {
        return (List<TraceRow>) t.rows();
    }

    private static TraceRow named(Trace t, String op) {
        return rows(t).stream().filter(r -> r.op().equals(op)).findFirst().orElseThrow();
    }

    private static List<TraceRow> ops(Trace t) {
        return rows(t).stream().filter(r -> r.kind().equals("op") || r.kind().equals("output")).toList();
    }

    /** The numbers in a rendered value: a scalar, or the bracketed values after the shape. */
    private static double[] numbers(String text) {
        String body = text.contains("] [") ? text.substring(text.indexOf("] [") + 3, text.lastIndexOf(']')) : text;
        List<Double> out = new ArrayList<>();
        for (String part : body.split(",")) {
            if (!part.isBlank() && !part.contains("…")) {
                out.add(Double.parseDouble(part.trim()));
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void near(double expected, String actual, double tol) {
        assertEquals(expected, numbers(actual)[0], tol, actual);
    }

    @Test
    void stagedComputation() {
        Trace t = LectureGraphs.staged();
        TraceRow q = named(t, "add");
        TraceRow f = named(t, "mul");
        near(3, q.value(), 0);
        near(-12, f.value(), 0);
        assertEquals("output", f.kind());
        near(1, f.upstream(), 0);
        near(-4, q.upstream(), 0);                 // ∂f/∂q = z
        near(-4, f.downstream().get(0), 0);        // to q
        near(3, f.downstream().get(1), 0);         // ∂f/∂z = q
        near(-4, named(t, "x").upstream(), 0);
        near(-4, named(t, "y").upstream(), 0);
        near(3, named(t, "z").upstream(), 0);
        assertTrue(q.rule().contains("distributor") && f.rule().contains("swap multiplier"), f.rule());
        assertEquals(List.of(named(t, "x").id(), named(t, "y").id()), q.inputs());
    }

    @Test
    void sigmoidNeuron() {
        Trace t = LectureGraphs.sigmoidNeuron();
        TraceRow s = named(t, "sigmoid");
        near(0.73106, s.value(), 1e-5);
        near(0.19661, s.downstream().get(0), 1e-5);     // σ(1−σ) = 0.20
        assertTrue(s.rule().contains("σ(1−σ)"));
        near(-0.19661, named(t, "w0").upstream(), 1e-5);
        near(0.39322, named(t, "x0").upstream(), 1e-5);
        near(-0.39322, named(t, "w1").upstream(), 1e-5);
        near(-0.58984, named(t, "x1").upstream(), 1e-5);
        near(0.19661, named(t, "w2").upstream(), 1e-5);
    }

    /** Seed 004's table: nodes A..H with the forward values of its step 3 and the gradients of step 4. */
    @Test
    void sigmoidOfDotHasSeed004sEightNodes() {
        Trace t = LectureGraphs.sigmoidOfDot();
        List<TraceRow> ops = ops(t);
        assertEquals(8, ops.size(), t.table());
        String[] opNames = {"mul", "mul", "mul", "sumOf", "neg", "exp", "add", "reciprocal"};
        double[] forward = {-1, 8, -6, 1, -1, 0.3678794, 1.3678794, 0.7310586};
        double[] upstream = {0.196612, 0.196612, 0.196612, 0.196612, -0.196612, -0.53445, -0.53445, 1};
        for (int i = 0; i < 8; i++) {
            assertEquals(opNames[i], ops.get(i).op());
            near(forward[i], ops.get(i).value(), 1e-7);
            near(upstream[i], ops.get(i).upstream(), 1e-5);
        }
        near(0.196612, named(t, "θ0").upstream(), 1e-6);
        near(0.393224, named(t, "θ1").upstream(), 1e-6);
        near(0.589836, named(t, "θ2").upstream(), 1e-6);
        // F: local gradient e^(−1) = 0.3678, times the upstream −0.53445 gives −0.196612
        near(-0.196612, ops.get(5).downstream().get(0), 1e-6);
    }

    @Test
    void matrixNorm() {
        Trace t = LectureGraphs.matrixNorm();
        near(0.116, named(t, "sum").value(), 1e-12);
        double[] gw = numbers(named(t, "W").upstream());
        double[] expectW = {0.088, 0.176, 0.104, 0.208};
        for (int i = 0; i < 4; i++) {
            assertEquals(expectW[i], gw[i], 1e-12);
        }
        double[] gx = numbers(named(t, "x").upstream());
        assertEquals(-0.112, gx[0], 1e-12);
        assertEquals(0.636, gx[1], 1e-12);
    }

    @Test
    void dotOutputParsesWithGraphviz(@TempDir Path dir) throws IOException, InterruptedException {
        Assumptions.assumeTrue(dotInstalled(), "Graphviz 'dot' is not installed (Debian package graphviz)");
        for (Trace t : List.of(LectureGraphs.staged(), LectureGraphs.sigmoidOfDot(), LectureGraphs.matrixNorm())) {
            Path svg = dir.resolve("g.svg");
            t.render(svg);
            String text = Files.readString(svg, StandardCharsets.UTF_8);
            assertTrue(text.contains("<svg"), "dot wrote no SVG");
            assertTrue(text.contains("-12") || text.contains("0.7310") || text.contains("0.116"), "values missing");
        }
    }

    private static boolean dotInstalled() {
        try {
            Process p = new ProcessBuilder("dot", "-V").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
