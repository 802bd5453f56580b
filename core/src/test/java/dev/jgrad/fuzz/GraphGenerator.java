package dev.jgrad.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws a random {@link FuzzGraph} from a seed: 5–40 ops picked uniformly from {@link FuzzOp}, over
 * small broadcast-compatible shapes (size-1 and empty dims included), non-contiguous (permuted) leaves,
 * fan-out (operands drawn from any earlier node) and reused operands ({@code a.mul(a)}).
 *
 * <p>To keep finite differences meaningful it tracks, per node, a bound on |value| and a lower bound
 * on the value, and inserts real guard ops where an op needs them: {@code abs()/softplus() + c} before
 * log, sqrt, reciprocal, fractional powers and divisors (so they stay ≥ 0.5), and a squashing
 * {@code tanh/sigmoid/mul(2^-k)} before ops that would grow values past a bound (exp, square, mul, matmul).
 */
final class GraphGenerator {
    static final int MIN_OPS = 5;
    static final int MAX_OPS = 40;

    /** Bound on |value| and a lower bound on the value (-inf when unknown). */
    private record Range(double mag, double lo) {
        static Range of(double mag, double lo) {
            return new Range(mag, Math.min(lo, mag));
        }
    }

    /**
     * Sizes. SMALL: dims 1–3 and a few dozen elements, so finite differences can visit every leaf element.
     * WIDE: dims up to 1025 and up to 2^18 elements, past the CPU backend's parallel, blocked-GEMM and
     * chunked-reduction thresholds (finite differences then sample a few elements).
     */
    enum Profile {
        SMALL(new long[] {1, 2, 3}, 36, 48, MAX_OPS, true),
        WIDE(new long[] {1, 2, 3, 5, 17, 64, 129, 300, 1025}, 1 << 18, 1 << 19, 20, false);

        final long[] dims;
        /**
         * Ops drawn. WIDE leaves out the kinked ones: among 10^5 elements some always sit within F32
         * rounding of a kink, where F32 and F64 legitimately disagree (SMALL covers them).
         */
        final FuzzOp[] drawn;
        /** Largest element count of any node. */
        final long maxNumel;
        /** Total leaf elements. */
        final long leafBudget;
        final int maxOps;

        Profile(long[] dims, long maxNumel, long leafBudget, int maxOps, boolean kinks) {
            this.drawn = Arrays.stream(FuzzOp.values()).filter(o -> o != FuzzOp.LEAF && (kinks || !o.kinked))
                    .toArray(FuzzOp[]::new);
            this.dims = dims;
            this.maxNumel = maxNumel;
            this.leafBudget = leafBudget;
            this.maxOps = maxOps;
        }
    }

    private final long seed;
    private final Profile profile;
    private final long maxNumel;
    private final SplittableRandom r;
    private final List<FuzzNode> nodes = new ArrayList<>();
    private final List<Range> ranges = new ArrayList<>();
    private final List<Integer> uses = new ArrayList<>();
    private long leafElements;
    private int ops;

    private GraphGenerator(long seed, Profile profile) {
        this.seed = seed;
        this.profile = profile;
        this.maxNumel = profile.maxNumel;
        this.r = new SplittableRandom(seed);
    }

    static FuzzGraph generate(long seed) {
        return generate(seed, Profile.SMALL);
    }

    static FuzzGraph generate(long seed, Profile profile) {
        return new GraphGenerator(seed, profile).build();
    }

    /** A dim size of the profile (1–3 for SMALL). */
    private long size() {
        return profile.dims[r.nextInt(profile.dims.length)];
    }

    private FuzzGraph build() {
        int target = MIN_OPS + r.nextInt(profile.maxOps - MIN_OPS + 1);
        long[] family = familyShape();
        leaf(family);
        if (r.nextInt(3) == 0) {
            long[] second = compatibleShape(family);
            if (leafFits(second)) {
                leaf(second);
            }
        }
        // guards add ops too: stop drawing while a guarded op could still overshoot MAX_OPS
        for (int attempts = 0; ops < target && attempts < 10_000; attempts++) {
            if (ops > profile.maxOps - 4) {
                break;
            }
            FuzzOp op = profile.drawn[r.nextInt(profile.drawn.length)];
            int a = r.nextInt(100) < 45 ? nodes.size() - 1 : r.nextInt(nodes.size());
            if (FuzzGraph.numel(shape(a)) <= 1 && r.nextInt(3) > 0) {
                a = r.nextInt(nodes.size());   // reductions shrink values to scalars; mostly go on from a larger node
            }
            emit(op, a);
        }
        List<Integer> outs = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (uses.get(i) == 0) {
                outs.add(i);
            }
        }
        long[] weightSeeds = new long[outs.size()];
        for (int k = 0; k < weightSeeds.length; k++) {
            weightSeeds[k] = r.nextLong();
        }
        return new FuzzGraph(seed, List.copyOf(nodes), outs.stream().mapToInt(Integer::intValue).toArray(), weightSeeds);
    }

    // ---------------------------------------------------------------- shapes

    /** Rank 0–3 with dims of the profile (within its element cap); one graph in eight also gets an empty (0) dim. */
    private long[] familyShape() {
        // wide graphs start from rank 2-3 so that most of them hold tensors past the parallel thresholds
        int rank = profile == Profile.WIDE ? 2 + r.nextInt(2) : r.nextInt(4);
        long[] s = new long[rank];
        long atLeast = profile == Profile.WIDE && r.nextBoolean() ? 1 << 16 : 0;
        do {
            for (int i = 0; i < rank; i++) {
                s[i] = size();
            }
        } while (FuzzGraph.numel(s) > maxNumel || FuzzGraph.numel(s) < atLeast);
        if (rank > 0 && r.nextInt(8) == 0) {
            s[r.nextInt(rank)] = 0;
        }
        return s;
    }

    /** A shape that broadcasts with {@code s}: some dims set to 1, leading dims dropped or one added. */
    private long[] compatibleShape(long[] s) {
        List<Long> out = new ArrayList<>();
        int drop = s.length > 0 && r.nextInt(3) == 0 ? r.nextInt(s.length + 1) : 0;
        if (drop == 0 && s.length < 4 && r.nextInt(6) == 0) {
            out.add(Math.min(size(), 3));
        }
        for (int i = drop; i < s.length; i++) {
            out.add(r.nextInt(10) < 3 ? 1L : s[i]);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    static long[] broadcast(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                return null;
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    private long[] shape(int i) {
        return nodes.get(i).shape();
    }

    private Range range(int i) {
        return ranges.get(i);
    }

    /** A dim index for rank {@code rank}, negative (counted from the end) a third of the time. */
    private int signedDim(int d, int rank) {
        return r.nextInt(3) == 0 ? d - rank : d;
    }

    private static int norm(int d, int rank) {
        return d < 0 ? d + rank : d;
    }

    private static long[] without(long[] s, int d, boolean keep) {
        if (keep) {
            long[] out = s.clone();
            out[d] = 1;
            return out;
        }
        long[] out = new long[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i != d) {
                out[j++] = s[i];
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- adding nodes

    private int add(FuzzNode n, Range range) {
        for (int i : n.in()) {
            uses.set(i, uses.get(i) + 1);
        }
        nodes.add(n);
        ranges.add(range);
        uses.add(0);
        if (!n.isLeaf()) {
            ops++;
        }
        return nodes.size() - 1;
    }

    /** A fresh leaf of logical shape {@code s}; a third of rank ≥ 2 leaves are permuted (non-contiguous) views. */
    private int leaf(long[] s) {
        int[] order = null;
        long[] storage = s.clone();
        if (s.length >= 2 && r.nextInt(3) == 0) {
            order = shuffled(s.length);
            // view dim j is storage dim order[j]
            for (int j = 0; j < s.length; j++) {
                storage[order[j]] = s[j];
            }
        }
        leafElements += FuzzGraph.numel(s);
        return add(FuzzNode.leaf(storage, order, s, r.nextLong()), Range.of(2, -2));
    }

    private boolean leafFits(long[] s) {
        return FuzzGraph.numel(s) <= maxNumel && leafElements + FuzzGraph.numel(s) <= profile.leafBudget;
    }

    private int[] shuffled(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private int unary(FuzzOp op, int a, double p, long[] shape, Range range) {
        return add(FuzzNode.op(op, new int[] {a}, p, null, null, shape), range);
    }

    private int withAxes(FuzzOp op, int a, double p, int[] axes, long[] shape, Range range) {
        return add(FuzzNode.op(op, new int[] {a}, p, axes, null, shape), range);
    }

    /** {@code a}, or a guarded version of it whose values are ≥ 0.5 (for log, sqrt, reciprocal, divisors). */
    private int positive(int a) {
        Range ra = range(a);
        if (ra.lo() >= 0.5) {
            return a;
        }
        int b = a;
        double lo = ra.lo();
        if (lo < 0) {
            boolean soft = r.nextBoolean() || profile == Profile.WIDE;   // abs has a kink
            b = unary(soft ? FuzzOp.SOFTPLUS : FuzzOp.ABS, a, 0, shape(a),
                    Range.of(soft ? ra.mag() + 0.7 : ra.mag(), 0));
            lo = 0;
        }
        double c = 0.5 + 0.25 * r.nextInt(7);
        return unary(FuzzOp.ADD_C, b, c, shape(b), Range.of(range(b).mag() + c, lo + c));
    }

    /** {@code a}, or a squashed version with |values| ≤ max(1, limit). */
    private int bounded(int a, double limit) {
        Range ra = range(a);
        if (ra.mag() <= limit) {
            return a;
        }
        return switch (r.nextInt(3)) {
            case 0 -> unary(FuzzOp.TANH, a, 0, shape(a), Range.of(1, -1));
            case 1 -> unary(FuzzOp.SIGMOID, a, 0, shape(a), Range.of(1, 0));
            default -> {
                double c = Math.scalb(1.0, -Math.getExponent(ra.mag()) - 1);   // a power of two: exact
                yield unary(FuzzOp.MUL_C, a, c, shape(a), Range.of(ra.mag() * c, ra.lo() >= 0 ? ra.lo() * c : -1));
            }
        };
    }

    /** A second operand that broadcasts with {@code a}: {@code a} itself, an earlier node, or a new leaf. */
    private int partner(int a, long[] with, boolean allowSelf) {
        if (allowSelf && r.nextInt(7) == 0) {
            return a;
        }
        if (r.nextBoolean()) {
            List<Integer> candidates = new ArrayList<>();
            for (int j = 0; j < nodes.size(); j++) {
                long[] b = broadcast(with, shape(j));
                if (j != a && b != null && FuzzGraph.numel(b) <= maxNumel) {
                    candidates.add(j);
                }
            }
            if (!candidates.isEmpty()) {
                return candidates.get(r.nextInt(candidates.size()));
            }
        }
        long[] s = compatibleShape(with);
        if (leafFits(s) && FuzzGraph.numel(broadcast(with, s)) <= maxNumel) {
            return leaf(s);
        }
        return a;
    }

    private double pick(double... choices) {
        return choices[r.nextInt(choices.length)];
    }

    // ---------------------------------------------------------------- one op

    /** Appends {@code op} applied to node {@code a} (plus whatever guards and partners it needs), if it applies. */
    private void emit(FuzzOp op, int a) {
        long[] s = shape(a);
        int rank = s.length;
        long n = FuzzGraph.numel(s);
        Range ra = range(a);
        switch (op) {
            case NEG -> unary(op, a, 0, s, Range.of(ra.mag(), -ra.mag()));
            case EXP -> {
                int b = bounded(a, 3);
                double m = range(b).mag();
                unary(op, b, 0, s, Range.of(Math.exp(m), Math.exp(-m)));
            }
            case LOG -> {
                int b = positive(a);
                Range rb = range(b);
                unary(op, b, 0, s, Range.of(Math.max(Math.abs(Math.log(rb.lo())), Math.log(rb.mag())), Math.log(rb.lo())));
            }
            case SQRT -> {
                int b = positive(a);
                unary(op, b, 0, s, Range.of(Math.sqrt(range(b).mag()), Math.sqrt(range(b).lo())));
            }
            case SQUARE -> {
                int b = bounded(a, 10);
                double m = range(b).mag();
                unary(op, b, 0, s, Range.of(m * m, 0));
            }
            case POW -> {
                double p = pick(2, 3, 4, -1, 0.5, 1.5, -0.5, 2.5, 0);
                boolean needsPositive = p < 0 || p != Math.rint(p);
                int b = bounded(needsPositive ? positive(a) : a, 5);
                Range rb = range(b);
                double m = p >= 0 ? Math.pow(rb.mag(), p) : Math.pow(Math.max(rb.lo(), 0.25), p);
                unary(op, b, p, s, Range.of(Math.max(m, 1), needsPositive || p % 2 == 0 ? 0 : -m));
            }
            case ABS -> unary(op, a, 0, s, Range.of(ra.mag(), 0));
            case RECIPROCAL -> {
                int b = positive(a);
                unary(op, b, 0, s, Range.of(1 / range(b).lo(), 1 / range(b).mag()));
            }
            case RELU -> unary(op, a, 0, s, Range.of(ra.mag(), 0));
            case LEAKY_RELU -> unary(op, a, pick(0.01, 0.1, 0.2, 0.5), s, Range.of(ra.mag(), -ra.mag()));
            case ELU -> {
                double alpha = pick(0.5, 1.0, 1.5);
                unary(op, a, alpha, s, Range.of(Math.max(ra.mag(), alpha), -alpha));
            }
            case SIGMOID -> unary(op, a, 0, s, Range.of(1, 0));
            case TANH -> unary(op, a, 0, s, Range.of(1, -1));
            case SOFTPLUS -> unary(op, a, 0, s, Range.of(ra.mag() + 0.7, 0));
            case ADD_C, SUB_C -> {
                double c = pick(0.25, 0.5, 1.0, 1.5, -0.5, -2.0);
                double shift = op == FuzzOp.ADD_C ? c : -c;
                unary(op, a, c, s, Range.of(ra.mag() + Math.abs(c), ra.lo() + shift));
            }
            case MUL_C -> {
                double c = pick(0.5, 2.0, 1.5, -3.0, 0.1, -0.75);
                int b = bounded(a, 100);
                Range rb = range(b);
                unary(op, b, c, s, Range.of(rb.mag() * Math.abs(c), c > 0 && rb.lo() >= 0 ? rb.lo() * c : -rb.mag() * Math.abs(c)));
            }
            case DIV_C -> {
                double c = pick(0.5, 2.0, -1.5, 3.0, -0.8);
                unary(op, a, c, s, Range.of(ra.mag() / Math.abs(c), c > 0 && ra.lo() >= 0 ? ra.lo() / c : -ra.mag() / Math.abs(c)));
            }
            case ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM -> binary(op, a);
            case SUM_OF -> sumOf(a);
            case MATMUL -> matmul(a);
            case TRANSPOSE -> {
                if (rank >= 2) {
                    int[] swap = {rank - 2, rank - 1};
                    unary(op, a, 0, swapped(s, swap[0], swap[1]), ra);
                }
            }
            case TRANSPOSE_DIMS -> {
                if (rank >= 2) {
                    int d0 = r.nextInt(rank);
                    int d1 = (d0 + 1 + r.nextInt(rank - 1)) % rank;
                    withAxes(op, a, 0, new int[] {signedDim(d0, rank), signedDim(d1, rank)}, swapped(s, d0, d1), ra);
                }
            }
            case RESHAPE -> reshape(a);
            case BROADCAST_TO -> broadcastTo(a);
            case PERMUTE -> {
                if (rank >= 1) {
                    int[] order = shuffled(rank);
                    long[] out = new long[rank];
                    int[] axes = new int[rank];
                    for (int i = 0; i < rank; i++) {
                        out[i] = s[order[i]];
                        axes[i] = signedDim(order[i], rank);
                    }
                    withAxes(op, a, 0, axes, out, ra);
                }
            }
            case UNSQUEEZE -> {
                if (rank < 4) {
                    int d = r.nextInt(rank + 1);
                    int signed = r.nextInt(3) == 0 ? d - rank - 1 : d;
                    long[] out = new long[rank + 1];
                    for (int i = 0, j = 0; i <= rank; i++) {
                        out[i] = i == d ? 1 : s[j++];
                    }
                    withAxes(op, a, 0, new int[] {signed}, out, ra);
                }
            }
            case SQUEEZE -> {
                if (rank >= 1) {
                    int d = r.nextInt(rank);
                    for (int i = 0; i < rank && r.nextInt(5) > 0; i++) {
                        if (s[i] == 1) {
                            d = i;   // mostly squeeze a real size-1 dim; otherwise a no-op, as in PyTorch
                        }
                    }
                    withAxes(op, a, 0, new int[] {signedDim(d, rank)}, s[d] == 1 ? without(s, d, false) : s, ra);
                }
            }
            case CONTIGUOUS -> unary(op, a, 0, s, ra);
            case SUM_ALL -> {
                int b = bounded(a, 1000.0 / Math.max(n, 1));
                unary(op, b, 0, new long[0], Range.of(range(b).mag() * n, range(b).lo() >= 0 ? 0 : -range(b).mag() * n));
            }
            case SUM_DIM -> {
                if (rank >= 1) {
                    int d = r.nextInt(rank);
                    boolean keep = r.nextBoolean();
                    int b = bounded(a, 300);
                    Range rb = range(b);
                    withAxes(op, b, keep ? 1 : 0, new int[] {signedDim(d, rank)}, without(s, d, keep),
                            Range.of(rb.mag() * s[d], rb.lo() >= 0 ? 0 : -rb.mag() * s[d]));
                }
            }
            case SUM_DIMS -> {
                if (rank >= 2) {
                    int[] order = shuffled(rank);
                    int k = 2 + r.nextInt(rank - 1);
                    int[] axes = new int[k];
                    boolean[] gone = new boolean[rank];
                    long count = 1;
                    for (int i = 0; i < k; i++) {
                        gone[order[i]] = true;
                        axes[i] = signedDim(order[i], rank);
                        count *= s[order[i]];
                    }
                    boolean keep = r.nextBoolean();
                    List<Long> out = new ArrayList<>();
                    for (int i = 0; i < rank; i++) {
                        if (!gone[i]) {
                            out.add(s[i]);
                        } else if (keep) {
                            out.add(1L);
                        }
                    }
                    int b = bounded(a, 100);
                    Range rb = range(b);
                    withAxes(op, b, keep ? 1 : 0, axes, out.stream().mapToLong(Long::longValue).toArray(),
                            Range.of(rb.mag() * count, rb.lo() >= 0 ? 0 : -rb.mag() * count));
                }
            }
            case MEAN_ALL -> {
                if (n > 0) {
                    unary(op, a, 0, new long[0], ra);
                }
            }
            case MEAN_DIM, MAX_DIM, MIN_DIM, ARGMAX, SOFTMAX, LOG_SOFTMAX -> alongDim(op, a);
            default -> throw new IllegalStateException("no generator for " + op);
        }
    }

    private static long[] swapped(long[] s, int d0, int d1) {
        long[] out = s.clone();
        out[d0] = s[d1];
        out[d1] = s[d0];
        return out;
    }

    private void binary(FuzzOp op, int a) {
        // maximum(a, a) is a tie everywhere: kept off, like every other kink (see GraphChecker.nearKink)
        boolean gate = op == FuzzOp.MAXIMUM || op == FuzzOp.MINIMUM;
        int b = partner(a, shape(a), !gate);
        long[] out = broadcast(shape(a), shape(b));
        if (op == FuzzOp.MUL) {
            int squashed = bounded(a, 30);
            b = b == a ? squashed : bounded(b, 30);   // a.mul(a) stays a square of one node
            a = squashed;
        } else if (op == FuzzOp.DIV) {
            b = positive(b);
        }
        Range ra = range(a);
        Range rb = range(b);
        Range range = switch (op) {
            case ADD -> Range.of(ra.mag() + rb.mag(), ra.lo() + rb.lo());
            case SUB -> Range.of(ra.mag() + rb.mag(), -ra.mag() - rb.mag());
            case MUL -> Range.of(ra.mag() * rb.mag(), ra.lo() >= 0 && rb.lo() >= 0 ? ra.lo() * rb.lo() : -ra.mag() * rb.mag());
            case DIV -> Range.of(ra.mag() / rb.lo(), ra.lo() >= 0 ? ra.lo() / rb.mag() : -ra.mag() / rb.lo());
            case MAXIMUM -> Range.of(Math.max(ra.mag(), rb.mag()), Math.max(ra.lo(), rb.lo()));
            default -> Range.of(Math.max(ra.mag(), rb.mag()), Math.min(ra.lo(), rb.lo()));
        };
        add(FuzzNode.op(op, new int[] {a, b}, 0, null, null, out), range);
    }

    private void sumOf(int a) {
        int k = 2 + r.nextInt(3);
        int[] in = new int[k];
        in[0] = a;
        long[] out = shape(a);
        double mag = range(a).mag();
        double lo = range(a).lo();
        for (int i = 1; i < k; i++) {
            in[i] = partner(a, out, true);
            out = broadcast(out, shape(in[i]));
            mag += range(in[i]).mag();
            lo += range(in[i]).lo();
        }
        add(FuzzNode.op(FuzzOp.SUM_OF, in, 0, null, null, out), Range.of(mag, lo));
    }

    /** torch.matmul shapes: a (…, n, k) or (k) times b (k), (k, m) or (B, k, m). */
    private void matmul(int a) {
        long[] s = shape(a);
        int rank = s.length;
        if (rank == 0) {
            return;
        }
        long k = s[rank - 1];
        int form = r.nextInt(3);
        long m = size();
        long[] want;
        if (form == 0) {
            want = new long[] {k};
        } else if (form == 1 || rank == 1) {
            want = new long[] {k, m};
        } else {
            long batch = rank >= 3 ? s[rank - 3] : 1 + r.nextInt(2);
            want = new long[] {r.nextInt(4) == 0 ? 1 : batch, k, m};
        }
        int aa = bounded(a, 5);
        int b = -1;
        if (rank == 2 && want.length == 2 && r.nextInt(4) == 0) {
            // a·aᵀ: the same values on both sides, one of them a transposed view
            b = unary(FuzzOp.TRANSPOSE, aa, 0, new long[] {s[1], s[0]}, range(aa));
            want = shape(b);
        } else {
            for (int j = 0; j < nodes.size() && b < 0; j++) {
                if (Arrays.equals(shape(j), want) && r.nextBoolean()) {
                    b = j;
                }
            }
            if (b < 0) {
                if (!leafFits(want)) {
                    return;
                }
                b = leaf(want);
            }
            b = bounded(b, 5);
        }
        long[] out = matmulShape(s, want);
        if (out == null || FuzzGraph.numel(out) > maxNumel) {
            return;
        }
        double mag = Math.max(k, 1) * range(aa).mag() * range(b).mag();
        add(FuzzNode.op(FuzzOp.MATMUL, new int[] {aa, b}, 0, null, null, out), Range.of(mag, -mag));
    }

    private static long[] matmulShape(long[] a, long[] b) {
        if (b.length == 1) {
            return Arrays.copyOf(a, a.length - 1);
        }
        long m = b[b.length - 1];
        if (a.length == 1) {
            long[] out = Arrays.copyOf(b, b.length - 1);
            out[out.length - 1] = m;
            return out;
        }
        long[] batch = broadcast(Arrays.copyOf(a, a.length - 2), Arrays.copyOf(b, b.length - 2));
        if (batch == null) {
            return null;
        }
        long[] out = Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = a[a.length - 2];
        out[batch.length + 1] = m;
        return out;
    }

    private void reshape(int a) {
        long[] s = shape(a);
        long n = FuzzGraph.numel(s);
        List<Long> dims = new ArrayList<>();
        if (n == 0) {
            dims.add(0L);
            if (r.nextBoolean()) {
                dims.add(1L + r.nextInt(3));
            }
            if (r.nextBoolean()) {
                dims.add(0, 1L);
            }
        } else {
            List<Long> factors = new ArrayList<>();
            long rest = n;
            for (long p = 2; rest > 1; p++) {
                while (rest % p == 0) {
                    factors.add(p);
                    rest /= p;
                }
            }
            int parts = 1 + r.nextInt(3);
            long[] group = new long[parts];
            Arrays.fill(group, 1);
            for (long f : factors) {
                group[r.nextInt(parts)] *= f;
            }
            for (long g : group) {
                dims.add(g);
            }
            if (dims.size() < 4 && r.nextInt(4) == 0) {
                dims.add(r.nextInt(dims.size() + 1), 1L);
            }
            if (n == 1 && r.nextInt(3) == 0) {
                dims.clear();   // rank 0
            }
        }
        long[] out = dims.stream().mapToLong(Long::longValue).toArray();
        long[] asked = out.clone();
        if (n > 0 && out.length > 0 && r.nextInt(3) == 0) {
            asked[r.nextInt(out.length)] = -1;
        }
        add(FuzzNode.op(FuzzOp.RESHAPE, new int[] {a}, 0, null, asked, out), range(a));
    }

    private void broadcastTo(int a) {
        long[] s = shape(a);
        List<Long> out = new ArrayList<>();
        if (s.length < 4 && r.nextInt(5) < 2) {
            out.add(size());
        }
        for (long d : s) {
            out.add(d == 1 && r.nextBoolean() ? size() : d);
        }
        long[] target = out.stream().mapToLong(Long::longValue).toArray();
        if (FuzzGraph.numel(target) <= maxNumel) {
            add(FuzzNode.op(FuzzOp.BROADCAST_TO, new int[] {a}, 0, null, target, target), range(a));
        }
    }

    /** mean/max/min/argmax/softmax/logSoftmax along one dim (never an empty one where that is undefined). */
    private void alongDim(FuzzOp op, int a) {
        long[] s = shape(a);
        int rank = s.length;
        if (rank == 0) {
            return;
        }
        int d = r.nextInt(rank);
        boolean needsElements = op == FuzzOp.MEAN_DIM || op == FuzzOp.MAX_DIM || op == FuzzOp.MIN_DIM
                || op == FuzzOp.ARGMAX;
        if (needsElements && s[d] == 0) {
            return;
        }
        int signed = signedDim(d, rank);
        Range ra = range(a);
        boolean keep = r.nextBoolean();
        switch (op) {
            case MEAN_DIM, MAX_DIM, MIN_DIM -> withAxes(op, a, keep ? 1 : 0, new int[] {signed}, without(s, d, keep), ra);
            case ARGMAX -> withAxes(op, a, 0, new int[] {signed}, without(s, d, false), Range.of(s[d] - 1, 0));
            case SOFTMAX -> withAxes(op, a, 0, new int[] {signed}, s, Range.of(1, 0));
            default -> withAxes(op, a, 0, new int[] {signed}, s,
                    Range.of(2 * ra.mag() + Math.log(Math.max(s[d], 1)), -2 * ra.mag() - Math.log(Math.max(s[d], 1))));
        }
    }
}
