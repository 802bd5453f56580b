package dev.jgrad.fuzz;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs many seeded graphs through a {@link GraphChecker}, redraws the leaf values of graphs that landed
 * next to a kink (a few times, then counts them as skipped), shrinks every failure, and keeps the
 * figures the report prints.
 */
final class FuzzCampaign {
    /** How often a near-kink graph gets fresh leaf values before it is skipped. */
    private static final int REDRAWS = 4;
    /** Re-checks the shrinker may spend on one failure. */
    private static final int SHRINK_BUDGET = 400;
    /** Failures printed in full (with their snippets); the rest are listed by seed. */
    private static final int SHOWN = 5;
    /** Element count from which the CPU backend splits elementwise work across threads. */
    private static final long LARGE = 1 << 16;

    /** A failure: its seed, the original verdict, and the shrunk graph with its verdict. */
    record Failure(long seed, GraphChecker.Outcome original, FuzzGraph shrunk, GraphChecker.Outcome shrunkOutcome) {
        String describe() {
            return "seed " + seed + ": " + original.category() + ": " + original.detail() + "\n  shrunk to "
                    + shrunk.opCount() + " ops (" + shrunkOutcome.category() + ": " + shrunkOutcome.detail() + "):\n"
                    + shrunk.toJava();
        }
    }

    private final GraphChecker checker;
    private final GraphGenerator.Profile profile;
    private final Map<FuzzOp, Integer> opCounts = new EnumMap<>(FuzzOp.class);
    private final List<Failure> failures = new ArrayList<>();
    private int checked;
    private int skippedNearKink;
    private int redraws;
    private int withEmptyDims;
    private int withPermutedLeaves;
    private int withFanOut;
    private int withReusedOperand;
    private int withLargeTensor;
    private long largestNumel;
    private int minOps = Integer.MAX_VALUE;
    private int maxOps;
    private long totalOps;

    FuzzCampaign(GraphChecker checker, GraphGenerator.Profile profile) {
        this.checker = checker;
        this.profile = profile;
    }

    /** Graphs from seeds {@code firstSeed, firstSeed + 1, …}: one failing seed reruns alone with count 1. */
    void run(long firstSeed, int count) {
        for (int i = 0; i < count; i++) {
            long seed = firstSeed + i;
            FuzzGraph g = GraphGenerator.generate(seed, profile);
            GraphChecker.Outcome o = checker.check(g);
            for (int k = 1; o.kind() == GraphChecker.Kind.NEAR_KINK && k <= REDRAWS; k++) {
                redraws++;
                g = g.withRedrawnLeaves(k);
                o = checker.check(g);
            }
            if (o.kind() == GraphChecker.Kind.NEAR_KINK) {
                skippedNearKink++;
                continue;
            }
            tally(g);
            if (o.failed()) {
                String category = o.category();
                FuzzGraph shrunk = GraphShrinker.shrink(g, c -> checker.check(c).category().equals(category), SHRINK_BUDGET);
                failures.add(new Failure(seed, o, shrunk, checker.check(shrunk)));
            }
        }
    }

    private void tally(FuzzGraph g) {
        checked++;
        int ops = g.opCount();
        totalOps += ops;
        minOps = Math.min(minOps, ops);
        maxOps = Math.max(maxOps, ops);
        int[] uses = new int[g.nodes().size()];
        boolean empty = false;
        boolean permuted = false;
        boolean reused = false;
        long largest = 0;
        for (FuzzNode n : g.nodes()) {
            largest = Math.max(largest, n.numel());
            empty |= n.numel() == 0;
            permuted |= n.isLeaf() && n.permuted();
            if (!n.isLeaf()) {
                opCounts.merge(n.op(), 1, Integer::sum);
            }
            for (int k = 0; k < n.in().length; k++) {
                uses[n.in()[k]]++;
                for (int j = 0; j < k; j++) {
                    reused |= n.in()[j] == n.in()[k];
                }
            }
        }
        boolean fanOut = false;
        for (int u : uses) {
            fanOut |= u >= 2;
        }
        withEmptyDims += empty ? 1 : 0;
        withPermutedLeaves += permuted ? 1 : 0;
        withFanOut += fanOut ? 1 : 0;
        withReusedOperand += reused ? 1 : 0;
        withLargeTensor += largest >= LARGE ? 1 : 0;
        largestNumel = Math.max(largestNumel, largest);
    }

    int checked() {
        return checked;
    }

    List<Failure> failures() {
        return failures;
    }

    Map<FuzzOp, Integer> opCounts() {
        return opCounts;
    }

    String report(String title) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %d graphs fuzzed (%d-%d ops, %.1f on average), %d mismatches;"
                        + " %d skipped near a kink after %d redraws%n", title, checked, checked == 0 ? 0 : minOps, maxOps,
                checked == 0 ? 0.0 : (double) totalOps / checked, failures.size(), skippedNearKink, redraws));
        sb.append(String.format(Locale.ROOT, "  graphs with an empty dim %d, permuted (non-contiguous) leaves %d,"
                + " fan-out %d, an op reading one value twice %d, a tensor of >= 2^16 elements %d (largest %d)%n",
                withEmptyDims, withPermutedLeaves, withFanOut, withReusedOperand, withLargeTensor, largestNumel));
        sb.append("  ops exercised:");
        int col = 0;
        for (FuzzOp op : FuzzOp.values()) {
            if (op == FuzzOp.LEAF) {
                continue;
            }
            sb.append(col++ % 8 == 0 ? "\n    " : "  ").append(op.name().toLowerCase(Locale.ROOT)).append('=')
                    .append(opCounts.getOrDefault(op, 0));
        }
        sb.append('\n');
        sb.append(String.format(Locale.ROOT, "  worst error / tolerance: values and gradients %.3f, finite differences %.3f%n",
                checker.worstCompareFraction(), checker.worstFiniteDifferenceFraction()));
        for (Failure f : failures.subList(0, Math.min(failures.size(), SHOWN))) {
            sb.append(f.describe()).append('\n');
        }
        if (failures.size() > SHOWN) {
            sb.append("  ... and ").append(failures.size() - SHOWN).append(" more; seeds:");
            failures.forEach(f -> sb.append(' ').append(f.seed()));
            sb.append('\n');
        }
        return sb.toString();
    }
}
