package dev.jgrad.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Delta debugging for a failing graph: repeatedly drops outputs, bypasses ops (their users read one of
 * the op's inputs of the same shape instead), replaces ops by fresh leaves of their shape, and makes
 * permuted leaves contiguous, keeping each change only while the failure persists; unreachable nodes
 * are dropped after every change.
 */
final class GraphShrinker {
    private final Predicate<FuzzGraph> stillFails;
    private int budget;

    private GraphShrinker(Predicate<FuzzGraph> stillFails, int budget) {
        this.stillFails = stillFails;
        this.budget = budget;
    }

    /** The smallest graph reached within {@code budget} re-checks that still satisfies {@code stillFails}. */
    static FuzzGraph shrink(FuzzGraph g, Predicate<FuzzGraph> stillFails, int budget) {
        return new GraphShrinker(stillFails, budget).run(reachable(g));
    }

    private FuzzGraph run(FuzzGraph g) {
        boolean progress = true;
        while (progress && budget > 0) {
            progress = false;
            for (int k = g.outputs().length - 1; k >= 0 && g.outputs().length > 1; k--) {
                FuzzGraph t = tryKeep(g, dropOutput(g, k));
                progress |= t != g;
                g = t;
                k = Math.min(k, g.outputs().length);
            }
            for (int i = g.nodes().size() - 1; i >= 0; i--) {
                if (i >= g.nodes().size()) {
                    continue;
                }
                FuzzNode n = g.nodes().get(i);
                FuzzGraph before = g;
                if (!n.isLeaf()) {
                    for (int j : n.in()) {
                        if (g == before && Arrays.equals(g.nodes().get(j).shape(), n.shape())) {
                            g = tryKeep(g, redirect(g, i, j));
                        }
                    }
                    if (g == before) {
                        g = tryKeep(g, leafInstead(g, i));
                    }
                } else if (n.permuted()) {
                    g = tryKeep(g, contiguousLeaf(g, i));
                }
                progress |= g != before;
            }
        }
        return g;
    }

    private FuzzGraph tryKeep(FuzzGraph current, FuzzGraph candidate) {
        if (budget <= 0) {
            return current;
        }
        budget--;
        return stillFails.test(candidate) ? candidate : current;
    }

    private static FuzzGraph dropOutput(FuzzGraph g, int k) {
        int[] outs = new int[g.outputs().length - 1];
        long[] seeds = new long[outs.length];
        for (int i = 0, j = 0; i < g.outputs().length; i++) {
            if (i != k) {
                outs[j] = g.outputs()[i];
                seeds[j++] = g.weightSeeds()[i];
            }
        }
        return reachable(new FuzzGraph(g.seed(), g.nodes(), outs, seeds));
    }

    /** Every reader of node {@code from} (and the outputs) reads node {@code to} instead. */
    private static FuzzGraph redirect(FuzzGraph g, int from, int to) {
        List<FuzzNode> nodes = new ArrayList<>(g.nodes());
        for (int i = from + 1; i < nodes.size(); i++) {
            int[] in = nodes.get(i).in().clone();
            for (int k = 0; k < in.length; k++) {
                in[k] = in[k] == from ? to : in[k];
            }
            nodes.set(i, nodes.get(i).withInputs(in));
        }
        int[] outs = g.outputs().clone();
        for (int k = 0; k < outs.length; k++) {
            outs[k] = outs[k] == from ? to : outs[k];
        }
        return reachable(new FuzzGraph(g.seed(), nodes, outs, g.weightSeeds()));
    }

    private static FuzzGraph leafInstead(FuzzGraph g, int i) {
        List<FuzzNode> nodes = new ArrayList<>(g.nodes());
        long[] s = nodes.get(i).shape();
        nodes.set(i, FuzzNode.leaf(s, null, s, g.seed() * 31 + i));
        return reachable(new FuzzGraph(g.seed(), nodes, g.outputs(), g.weightSeeds()));
    }

    private static FuzzGraph contiguousLeaf(FuzzGraph g, int i) {
        List<FuzzNode> nodes = new ArrayList<>(g.nodes());
        FuzzNode n = nodes.get(i);
        nodes.set(i, FuzzNode.leaf(n.shape(), null, n.shape(), n.seed()));
        return new FuzzGraph(g.seed(), nodes, g.outputs(), g.weightSeeds());
    }

    /** Drops nodes no output depends on and renumbers the rest. */
    static FuzzGraph reachable(FuzzGraph g) {
        int size = g.nodes().size();
        boolean[] live = new boolean[size];
        for (int o : g.outputs()) {
            live[o] = true;
        }
        for (int i = size - 1; i >= 0; i--) {
            if (live[i]) {
                for (int j : g.nodes().get(i).in()) {
                    live[j] = true;
                }
            }
        }
        int[] newIndex = new int[size];
        List<FuzzNode> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (live[i]) {
                newIndex[i] = nodes.size();
                FuzzNode n = g.nodes().get(i);
                nodes.add(n.withInputs(Arrays.stream(n.in()).map(j -> newIndex[j]).toArray()));
            }
        }
        int[] outs = Arrays.stream(g.outputs()).map(o -> newIndex[o]).toArray();
        return new FuzzGraph(g.seed(), nodes, outs, g.weightSeeds());
    }
}
