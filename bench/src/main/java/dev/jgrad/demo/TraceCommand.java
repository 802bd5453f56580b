package dev.jgrad.demo;

import dev.jgrad.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** {@code Demo trace [dir]}: writes the lectures' graphs as tables (.txt, .md), DOT and pictures into dir. */
final class TraceCommand {
    private TraceCommand() {
    }

    static void run(Path dir) {
        Map<String, Supplier<Trace>> graphs = new LinkedHashMap<>();
        graphs.put("staged", LectureGraphs::staged);
        graphs.put("sigmoid-neuron", LectureGraphs::sigmoidNeuron);
        graphs.put("sigmoid-of-dot", LectureGraphs::sigmoidOfDot);
        graphs.put("matrix-norm", LectureGraphs::matrixNorm);
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, Supplier<Trace>> g : graphs.entrySet()) {
                Trace t = g.getValue().get();
                System.out.println("== " + g.getKey());
                System.out.println(t.table());
                Files.writeString(dir.resolve(g.getKey() + ".txt"), t.table());
                Files.writeString(dir.resolve(g.getKey() + ".md"), t.markdown());
                Files.writeString(dir.resolve(g.getKey() + ".dot"), t.toDot());
                try {
                    t.render(dir.resolve(g.getKey() + ".svg"));
                    t.render(dir.resolve(g.getKey() + ".png"));
                } catch (IllegalStateException e) {
                    System.out.println("(no picture: " + e.getMessage() + ")");
                }
            }
            System.out.println("wrote tables, DOT and pictures to " + dir.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
