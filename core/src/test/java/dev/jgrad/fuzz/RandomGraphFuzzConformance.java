package dev.jgrad.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Device;
import dev.jgrad.conformance.BackendTestBase;
import org.junit.jupiter.api.Assumptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The random-graph differential fuzzer, run by every backend: a backend's test names its {@link #device()}
 * (each test runs with it as the thread's default device, see {@link BackendTestBase}).
 * Each graph (5–40 ops over every tensor op, see {@link GraphGenerator}) must agree between F32 and F64,
 * with F64 central differences, and (second test) with the same graph on another device.
 *
 * <p>CI runs {@value #DEFAULT_GRAPHS} small and {@value #DEFAULT_WIDE_GRAPHS} wide graphs from seed
 * {@value #DEFAULT_SEED}; {@code -Djgrad.fuzz.graphs=N}, {@code -Djgrad.fuzz.wideGraphs=W} and
 * {@code -Djgrad.fuzz.seed=S} change that (a failure names its seed: rerun it alone with N = 1).
 *
 * <pre>{@code
 * class CpuRandomGraphFuzzTest extends RandomGraphFuzzConformance {
 *     @Override protected Device device() { return Device.cpu(); }
 * }
 * }</pre>
 */
public abstract class RandomGraphFuzzConformance extends BackendTestBase {
    static final int DEFAULT_GRAPHS = 1000;
    static final int DEFAULT_WIDE_GRAPHS = 30;
    static final long DEFAULT_SEED = 1;
    /** Wide graphs: finite differences on this many elements per leaf (small graphs: every element). */
    static final int WIDE_FD_SAMPLES = 2;

    static int graphs() {
        return Integer.getInteger("jgrad.fuzz.graphs", DEFAULT_GRAPHS);
    }

    static int wideGraphs() {
        return Integer.getInteger("jgrad.fuzz.wideGraphs", DEFAULT_WIDE_GRAPHS);
    }

    static long firstSeed() {
        return Long.getLong("jgrad.fuzz.seed", DEFAULT_SEED);
    }

    @Test
    void randomGraphsAgreeAcrossDtypesAndWithFiniteDifferences() {
        fuzz(new GraphChecker(device(), null, 0), GraphGenerator.Profile.SMALL, graphs(), "fuzz on " + device());
    }

    /** Tensors of up to 2^17 elements: the multi-threaded, blocked and chunked code paths (smooth ops only). */
    @Test
    void wideRandomGraphsAgreeAcrossDtypesAndWithSampledFiniteDifferences() {
        fuzz(new GraphChecker(device(), null, WIDE_FD_SAMPLES), GraphGenerator.Profile.WIDE, wideGraphs(),
                "wide fuzz on " + device());
    }

    /** The CPU is the reference for other devices; the CPU itself is compared with CUDA when one is usable. */
    @Test
    void randomGraphsAgreeAcrossDevices() {
        Device d = device();
        Device other = d.equals(Device.cpu()) ? Device.cuda() : Device.cpu();
        boolean usable = Device.isAvailable(other);
        if (!usable) {
            System.out.println("fuzz " + other + " vs " + d + ": SKIPPED, " + other + " is not usable here (not counted as passed)");
        }
        Assumptions.assumeTrue(usable, () -> "skipped: " + other + " is unavailable, no cross-device comparison");
        fuzz(new GraphChecker(d, other, 0), GraphGenerator.Profile.SMALL, graphs(), "fuzz " + other + " vs " + d);
        fuzz(new GraphChecker(d, other, WIDE_FD_SAMPLES), GraphGenerator.Profile.WIDE, wideGraphs(),
                "wide fuzz " + other + " vs " + d);
    }

    /**
     * The shrinker, on a stand-in failure ("the graph computes a log"): everything but the log and a leaf
     * feeding it must go, and the snippet must still show the call.
     */
    @Test
    void theShrinkerCutsAFailingGraphDownToTheOffendingOp() {
        FuzzGraph big = null;
        for (long seed = 1; big == null; seed++) {
            FuzzGraph g = GraphGenerator.generate(seed);
            if (g.opCount() >= 20 && g.nodes().stream().anyMatch(n -> n.op() == FuzzOp.LOG)) {
                big = g;
            }
        }
        FuzzGraph shrunk = GraphShrinker.shrink(big, g -> g.nodes().stream().anyMatch(n -> n.op() == FuzzOp.LOG), 1000);
        assertEquals(1, shrunk.opCount(), shrunk.toJava());
        assertEquals(List.of(FuzzOp.LEAF, FuzzOp.LOG), shrunk.nodes().stream().map(FuzzNode::op).toList(), shrunk.toJava());
        assertTrue(shrunk.toJava().contains("Tensor v1 = v0.log();"), shrunk.toJava());
    }

    private static void fuzz(GraphChecker checker, GraphGenerator.Profile profile, int count, String title) {
        long start = System.nanoTime();
        FuzzCampaign campaign = new FuzzCampaign(checker, profile);
        campaign.run(firstSeed(), count);
        String report = campaign.report(title) + String.format("  took %.1f s (seeds %d..%d, %s profile)%n",
                (System.nanoTime() - start) / 1e9, firstSeed(), firstSeed() + count - 1, profile);
        System.out.print(report);
        assertTrue(campaign.failures().isEmpty(), report);
        assertTrue(campaign.checked() >= count * 9 / 10, "too many graphs skipped near kinks:\n" + report);
        if (profile == GraphGenerator.Profile.SMALL && count >= DEFAULT_GRAPHS) {
            for (FuzzOp op : profile.drawn) {
                assertTrue(campaign.opCounts().getOrDefault(op, 0) > 0, op + " was never exercised:\n" + report);
            }
        }
    }
}
