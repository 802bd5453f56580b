package dev.jgrad.gpubench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs JUnit test classes from the GPU bundle's classpath (the machine there has no Maven) and
 * reports, per class, how many tests passed, failed and were skipped, with the skip reasons: a
 * skipped GPU test must never read as a pass. Writes the counts as JSON, one class per line.
 *
 * <pre>
 * java -cp 'bundle/lib/*' dev.jgrad.gpubench.SuiteRunner --package dev.jgrad.cuda --json suites.json
 * </pre>
 *
 * Exit status: 0 when nothing failed, 1 when a test failed, 2 when no test was found.
 * Not a test itself (its name does not end in Test); it lives in the test sources because it needs
 * the JUnit launcher, a test-scope dependency.
 */
public final class SuiteRunner {
    private SuiteRunner() {
    }

    /** Counts of one test class. */
    static final class ClassResult {
        final String name;
        int passed;
        int failed;
        int skipped;
        final Set<String> reasons = new LinkedHashSet<>();
        final List<String> failures = new ArrayList<>();

        ClassResult(String name) {
            this.name = name;
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("class", name);
            m.put("passed", passed);
            m.put("failed", failed);
            m.put("skipped", skipped);
            m.put("status", failed > 0 ? "FAILED" : passed == 0 && skipped > 0 ? "SKIPPED" : skipped > 0 ? "PARTLY SKIPPED" : "PASSED");
            m.put("skip_reasons", List.copyOf(reasons));
            m.put("failures", failures);
            return m;
        }
    }

    public static void main(String[] args) throws IOException {
        List<DiscoverySelector> selectors = new ArrayList<>();
        Path json = null;
        Path traces = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--package" -> selectors.add(selectPackage(args[++i]));
                case "--class" -> selectors.add(selectClass(args[++i]));
                case "--json" -> json = Path.of(args[++i]);
                case "--traces" -> traces = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("SuiteRunner: unknown option '" + args[i] + "'");
            }
        }
        if (selectors.isEmpty() || json == null) {
            throw new IllegalArgumentException("SuiteRunner: usage: (--package P | --class C)... --json FILE [--traces FILE]");
        }
        tracesFile = traces;
        long t0 = System.nanoTime();
        Map<String, ClassResult> classes = new TreeMap<>();
        String[] running = {null};
        Path out = json;
        // `timeout` stops a run that takes too long with SIGTERM: still write what ran, and say where it stopped
        Thread partial = new Thread(() -> {
            synchronized (classes) {
                report(classes, out, (System.nanoTime() - t0) / 1e9, running[0]);
            }
        });
        Runtime.getRuntime().addShutdownHook(partial);
        run(selectors, classes, running);
        int status;
        synchronized (classes) {
            Runtime.getRuntime().removeShutdownHook(partial);
            status = report(classes, out, (System.nanoTime() - t0) / 1e9, null);
        }
        System.exit(status);
    }

    /** Where the first failures' stack traces go (--traces), or null: the first run on a new machine needs more than one line. */
    private static Path tracesFile;
    /** The stack traces of the first {@link #TRACES_PER_CLASS} failures of each class; guarded by the classes map. */
    private static final StringBuilder TRACES = new StringBuilder();
    private static final int TRACES_PER_CLASS = 3;
    private static final int TRACE_LINES = 40;

    /** Prints and writes the counts; the exit status they call for. {@code stoppedIn}: the test running when stopped. */
    private static int report(Map<String, ClassResult> classes, Path json, double seconds, String stoppedIn) {
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ClassResult c : classes.values()) {
            passed += c.passed;
            failed += c.failed;
            skipped += c.skipped;
            rows.add(c.toJson());
            System.out.printf("  %-60s %4d passed %4d failed %4d skipped%s%n", c.name, c.passed, c.failed, c.skipped,
                    c.reasons.isEmpty() ? "" : "  (" + c.reasons.iterator().next() + ")");
            for (String f : c.failures) {
                System.out.println("      FAILED " + f);
            }
        }
        if (stoppedIn != null) {
            System.out.println("SUITES STOPPED before the end, in: " + stoppedIn);
        }
        System.out.printf("SUITES: %d tests: %d passed, %d failed, %d skipped (%.1f s)%n", passed + failed + skipped,
                passed, failed, skipped, seconds);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("tests", passed + failed + skipped);
        doc.put("passed", passed);
        doc.put("failed", failed);
        doc.put("skipped", skipped);
        doc.put("seconds", seconds);
        doc.put("stopped_in", stoppedIn);
        String head = Json.write(doc);
        String body = head.substring(0, head.length() - 1) + ", \"classes\": " + Json.writeLines(rows) + "}\n";
        try {
            if (json.toAbsolutePath().getParent() != null) {
                Files.createDirectories(json.toAbsolutePath().getParent());
            }
            Files.writeString(json, body, StandardCharsets.UTF_8);
            if (tracesFile != null) {
                Files.writeString(tracesFile, TRACES, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            System.out.println("SuiteRunner: cannot write " + json + " or the traces: " + e);
        }
        return failed > 0 || stoppedIn != null ? 1 : passed + skipped == 0 ? 2 : 0;
    }

    /** Runs the selected tests, counting into {@code classes} (guarded by itself); {@code running[0]}: the test now running. */
    static void run(List<DiscoverySelector> selectors, Map<String, ClassResult> classes, String[] running) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors).build();
        Launcher launcher = LauncherFactory.create();
        TestExecutionListener listener = new TestExecutionListener() {
            private TestPlan plan;

            @Override
            public void testPlanExecutionStarted(TestPlan testPlan) {
                plan = testPlan;
            }

            @Override
            public void executionStarted(TestIdentifier id) {
                if (id.isTest()) {
                    running[0] = className(id.getSource()).orElse("?") + " " + id.getDisplayName();
                }
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                // a skipped container (e.g. @Disabled class) stands for all tests under it
                synchronized (classes) {
                    skip(id, "disabled: " + reason);
                }
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                synchronized (classes) {
                    finished(id, result);
                }
            }

            private void finished(TestIdentifier id, TestExecutionResult result) {
                TestExecutionResult.Status status = result.getStatus();
                String message = result.getThrowable().map(SuiteRunner::firstLine).orElse("");
                if (status == TestExecutionResult.Status.ABORTED) {   // an assumption failed: skipped, with its reason
                    skip(id, message);
                } else if (status == TestExecutionResult.Status.FAILED) {
                    ClassResult c = of(id);
                    c.failed++;
                    if (c.failures.size() < 10) {
                        c.failures.add(id.getDisplayName() + ": " + message);
                    }
                    if (c.failed <= TRACES_PER_CLASS) {
                        result.getThrowable().ifPresent(t -> appendTrace(c.name + " " + id.getDisplayName(), t));
                    }
                } else if (id.isTest()) {
                    of(id).passed++;
                }
            }

            private void skip(TestIdentifier id, String reason) {
                ClassResult c = of(id);
                long tests = id.isTest() ? 1 : plan.getDescendants(id).stream().filter(TestIdentifier::isTest).count();
                c.skipped += (int) Math.max(1, tests);   // a template with no invocations yet still counts once
                if (c.reasons.size() < 3) {
                    c.reasons.add(reason);
                }
            }

            private ClassResult of(TestIdentifier id) {
                String name = className(id.getSource()).orElseGet(() -> plan.getParent(id).flatMap(p -> className(p.getSource()))
                        .orElse(id.getDisplayName()));
                return classes.computeIfAbsent(name, ClassResult::new);
            }
        };
        launcher.execute(request, listener);
        running[0] = null;
    }

    private static void appendTrace(String test, Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        String[] lines = w.toString().split("\n");
        TRACES.append("=== ").append(test).append('\n');
        for (int i = 0; i < Math.min(lines.length, TRACE_LINES); i++) {
            TRACES.append(lines[i]).append('\n');
        }
    }

    private static Optional<String> className(Optional<TestSource> source) {
        return source.flatMap(s -> s instanceof MethodSource m ? Optional.of(m.getClassName())
                : s instanceof ClassSource c ? Optional.of(c.getClassName()) : Optional.empty());
    }

    static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + t.getMessage();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
