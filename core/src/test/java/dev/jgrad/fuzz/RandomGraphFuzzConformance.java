package dev.jgrad.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Device;
import dev.jgrad.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The random-graph differential fuzzer, run by every backend: a backend's test names its {@link #device()}.
 * Each graph (5–40 ops over every tensor op, see {@link GraphGenerator}) must agree between F32 and F64,
 * with F64 central differences, and (second test) with the same graph on another device.
 *
 * <p>CI runs {@value #DEFAULT_GRAPHS} graphs from seed {@value #DEFAULT_SEED}; {@code -Djgrad.fuzz.graphs=N}
 * and {@code -Djgrad.fuzz.seed=S} change that (a failure names its seed: rerun it alone with N = 1).
 *
 * <pre>{@code
 * class CpuRandomGraphFuzzTest extends RandomGraphFuzzConformance {
 *     @Override protected Device device() { return Device.cpu(); }
 * }
 * }</pre>
 */
public abstract class RandomGraphFuzzConformance {
    static final int DEFAULT_GRAPHS = 1000;
    static final long DEFAULT_SEED = 1;

    /** The device the backend under test serves. */
    protected abstract Device device();

    private Scope deviceScope;

    @BeforeEach
    void enterDevice() {
        Device d = device();
        Assumptions.assumeTrue(Device.isAvailable(d), () -> "skipped: " + d + " is unavailable");
        deviceScope = Device.with(d);
    }

    @AfterEach
    void leaveDevice() {
        if (deviceScope != null) {
            deviceScope.close();
            deviceScope = null;
        }
    }

    static int graphs() {
        return Integer.getInteger("jgrad.fuzz.graphs", DEFAULT_GRAPHS);
    }

    static long firstSeed() {
        return Long.getLong("jgrad.fuzz.seed", DEFAULT_SEED);
    }

    @Test
    void randomGraphsAgreeAcrossDtypesAndWithFiniteDifferences() {
        fuzz(new GraphChecker(device(), null), "fuzz on " + device());
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
        fuzz(new GraphChecker(d, other), "fuzz " + other + " vs " + d);
    }

    private static void fuzz(GraphChecker checker, String title) {
        long start = System.nanoTime();
        FuzzCampaign campaign = new FuzzCampaign(checker);
        campaign.run(firstSeed(), graphs());
        String report = campaign.report(title) + String.format("  took %.1f s (seeds %d..%d)%n",
                (System.nanoTime() - start) / 1e9, firstSeed(), firstSeed() + graphs() - 1);
        System.out.print(report);
        assertTrue(campaign.failures().isEmpty(), report);
        assertTrue(campaign.checked() >= graphs() * 9 / 10, "too many graphs skipped near kinks:\n" + report);
        for (FuzzOp op : FuzzOp.values()) {
            if (op != FuzzOp.LEAF && graphs() >= DEFAULT_GRAPHS) {
                assertTrue(campaign.opCounts().getOrDefault(op, 0) > 0, op + " was never exercised:\n" + report);
            }
        }
    }
}
