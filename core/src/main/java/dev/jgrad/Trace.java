package dev.jgrad;

import java.nio.file.Path;
import java.util.List;

/**
 * The staged forward/backward values of the graphs built inside it, as the lectures draw them: every
 * node's forward value, and after backward its upstream gradient, each input's downstream gradient and
 * the local-gradient rule that connected them.
 *
 * <pre>{@code
 * try (Trace t = Autograd.trace()) {
 *     Tensor f = x.add(y).mul(z);
 *     f.backward();
 *     System.out.println(t.table());
 *     t.render(Path.of("staged.svg"));      // needs Graphviz's dot
 * }
 * }</pre>
 */
public interface Trace extends Scope {
    /** Names a leaf tensor ("x", "w0") in the table and the drawing; call it before the tensor is first used. */
    Trace label(Tensor leaf, String name);

    /** Aligned text, one row per node in topological order. */
    String table();

    /** The same as a Markdown table. */
    String markdown();

    /** The same as data: {@link TraceRow} records. */
    List<? extends Record> rows();

    /** Graphviz DOT: forward values above and gradients below each edge. */
    String toDot();

    /** Renders {@link #toDot()} to {@code .svg} or {@code .png} through Graphviz {@code dot}. */
    void render(Path file);
}
