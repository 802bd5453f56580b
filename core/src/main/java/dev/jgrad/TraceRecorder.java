package dev.jgrad;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records nodes and gradients while a {@link Trace} is open on this thread. Only reads values (host
 * copies), so tracing never changes a result.
 */
final class TraceRecorder implements Trace {
    private static final ThreadLocal<TraceRecorder> CURRENT = new ThreadLocal<>();

    /** Mutable per-node state while recording; frozen into {@link TraceRow}s on demand. */
    private static final class Entry {
        final int id;
        final String op;
        String kind;
        final List<Integer> inputs = new ArrayList<>();
        final long[] shape;
        final String value;
        double[] upstream;
        String[] downstream;

        Entry(int id, String op, String kind, long[] shape, String value) {
            this.id = id;
            this.op = op;
            this.kind = kind;
            this.shape = shape;
            this.value = value;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Map<Node, Entry> byNode = new IdentityHashMap<>();
    private final Map<Tensor, Entry> byLeaf = new IdentityHashMap<>();
    private final Map<Tensor, String> labels = new IdentityHashMap<>();
    private final TraceRecorder previous;
    private boolean closed;

    private TraceRecorder(TraceRecorder previous) {
        this.previous = previous;
    }

    static Trace open() {
        TraceRecorder t = new TraceRecorder(CURRENT.get());
        CURRENT.set(t);
        Hooks.modeOpened();
        return t;
    }

    static TraceRecorder current() {
        return CURRENT.get();
    }

    @Override
    public Trace label(Tensor t, String name) {
        labels.put(t, name);
        return this;
    }

    void onForward(String op, Tensor out, Tensor[] inputs, Node node) {
        List<Integer> inputIds = new ArrayList<>();
        for (Tensor in : inputs) {
            inputIds.add(entryOf(in).id);    // may add leaf entries first: ids stay in topological order
        }
        Entry e = new Entry(entries.size() + 1, op, "op", out.shape(), ValueText.of(out));
        e.inputs.addAll(inputIds);
        entries.add(e);
        byNode.put(node, e);
    }

    /** The entry of an op's input: its node's, or a leaf entry created on first sight. */
    private Entry entryOf(Tensor in) {
        if (in.gradFn != null) {
            Entry e = byNode.get(in.gradFn);
            if (e != null) {
                return e;
            }
        }
        Entry leaf = byLeaf.get(in);
        if (leaf == null) {
            String name = labels.getOrDefault(in, in.requiresGrad() ? "param" : "const");
            leaf = new Entry(entries.size() + 1, name, in.requiresGrad() ? "parameter" : "constant",
                    in.shape(), ValueText.of(in));
            entries.add(leaf);
            byLeaf.put(in, leaf);
        }
        return leaf;
    }

    void onBackward(Node node, Tensor grad, Tensor[] inputGrads) {
        Entry e = byNode.get(node);
        if (e == null) {
            return;
        }
        e.upstream = add(e.upstream, grad.toDoubleArray());
        e.downstream = new String[inputGrads.length];
        for (int i = 0; i < inputGrads.length; i++) {
            e.downstream[i] = inputGrads[i] == null ? "" : ValueText.of(inputGrads[i]);
        }
    }

    void onLeafGradient(Tensor leaf, Tensor grad) {
        Entry e = byLeaf.get(leaf);
        if (e != null) {
            e.upstream = add(e.upstream, grad.toDoubleArray());
        }
    }

    private static double[] add(double[] acc, double[] g) {
        if (acc == null) {
            return g;
        }
        double[] s = acc.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] += g[i];
        }
        return s;
    }

    @Override
    public List<TraceRow> rows() {
        List<TraceRow> rows = new ArrayList<>();
        int last = lastOpIndex();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            String kind = i == last ? "output" : e.kind;
            boolean isOp = !(e.kind.equals("parameter") || e.kind.equals("constant"));
            List<String> down = e.downstream == null ? List.of() : Arrays.asList(e.downstream);
            rows.add(new TraceRow(e.id, e.op, kind, e.inputs, e.shape, e.value,
                    e.upstream == null ? "" : ValueText.of(e.upstream, e.shape), down,
                    isOp ? LocalRules.of(e.op) : ""));
        }
        return rows;
    }

    private int lastOpIndex() {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).kind.equals("op")) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String table() {
        return TraceTables.text(rows());
    }

    @Override
    public String markdown() {
        return TraceTables.markdown(rows());
    }

    @Override
    public String toDot() {
        return TraceDot.of(rows());
    }

    @Override
    public void render(Path file) {
        TraceDot.render(toDot(), file);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (CURRENT.get() == this) {
                CURRENT.set(previous);
            }
            Hooks.modeClosed();
        }
    }
}
