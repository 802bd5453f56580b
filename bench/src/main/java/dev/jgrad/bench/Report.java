package dev.jgrad.bench;

import dev.jgrad.bench.report.Machine;
import dev.jgrad.bench.report.ResultReader;
import dev.jgrad.bench.report.Sections;
import dev.jgrad.bench.report.SvgChart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns JMH JSON result files (and the numpy peer's JSON) into {@code <out>/<date>-<machine>.md} with
 * tables and ratios, plus two hand-written SVG charts (GEMM GFLOP/s vs n, elementwise GB/s vs size).
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar dev.jgrad.bench.Report --out bench/results \
 *      bench/target/jmh-matmul.json bench/target/numpy.json
 * }</pre>
 * Options: {@code --out DIR} (default bench/results), {@code --date YYYY-MM-DD} (default today),
 * {@code --machine TEXT} and {@code --slug NAME} (default from /proc/cpuinfo and the core count),
 * {@code --note TEXT} and {@code --command TEXT} (repeatable; printed at the top).
 */
public final class Report {
    private Report() {
    }

    public static void main(String[] args) throws IOException {
        Path md = run(args);
        System.out.println("Report written: " + md);
    }

    /** Parses the arguments, writes the report and the charts, returns the Markdown file. */
    public static Path run(String... args) throws IOException {
        Path out = Path.of("bench/results");
        String date = LocalDate.now().toString();
        String machine = Machine.describe();
        String slug = Machine.slug();
        List<String> notes = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--out":
                    out = Path.of(value(args, ++i, a));
                    break;
                case "--date":
                    date = value(args, ++i, a);
                    break;
                case "--machine":
                    machine = value(args, ++i, a);
                    break;
                case "--slug":
                    slug = value(args, ++i, a);
                    break;
                case "--note":
                    notes.add(value(args, ++i, a));
                    break;
                case "--command":
                    commands.add(value(args, ++i, a));
                    break;
                default:
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException("Report: unknown option " + a);
                    }
                    files.add(Path.of(a));
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("Report: give at least one JMH or numpy JSON result file");
        }
        ResultReader reader = new ResultReader();
        for (Path f : files) {
            reader.read(f);
        }
        Files.createDirectories(out);
        String base = date + "-" + slug;
        Sections s = new Sections(reader.results());
        String gemmSvg = writeChart(out, base + "-gemm.svg", s.gemmChart());
        String bwSvg = writeChart(out, base + "-bandwidth.svg", s.bandwidthChart());

        StringBuilder b = new StringBuilder();
        b.append("# jgrad benchmarks: ").append(date).append(", ").append(machine).append("\n\n");
        for (String c : commands) {
            b.append("- Command: `").append(c).append("`\n");
        }
        for (String n : notes) {
            b.append("- ").append(n).append('\n');
        }
        for (Map.Entry<String, String> e : reader.runInfo().entrySet()) {
            b.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        b.append("\nTime per operation = the fastest JMH measurement iteration (each a mean over many calls; numpy:"
                + " the fastest timed batch, each as long as a JMH iteration): on a shared machine other processes"
                + " only ever slow an iteration down. GFLOP/s = 2·M·K·N / time;"
                + " GB/s = bytes that must move (each input read once, the output written once) / time."
                + " Every ratio is jgrad's throughput over the peer's: above 1× jgrad is faster.\n");
        section(b, "GEMM (matmul)", "Square sizes, then the lecture net's GEMMs: forward x·w1 and h·w2, and the"
                + " backward ones read through transposed views (xᵀ·dy, dy·w1ᵀ, hᵀ·dpred, dpred·w2ᵀ).",
                s.gemmTable(), gemmSvg);
        section(b, "The lecture's 2-layer net (N=64, D_in=1000, H=100, D_out=10)", "inference: forward without"
                + " recording a graph; forward: recording it; backward / forward = (forward+backward − forward) /"
                + " forward, which the lecture puts at about 2.", s.netTable(), null);
        section(b, "Training step: jgrad-cpu vs DJL-PyTorch (CPU, PyTorch autograd)", null, s.stepVsDjlTable(),
                null);
        section(b, "Elementwise ops", "Fresh output tensor per call, as user code gets.", s.elementwiseTable(), bwSvg);
        section(b, "Memory-bandwidth yardstick (plain Java arrays, one thread)", "copy and add write into a"
                + " preallocated array; addAlloc allocates (and so zeroes) the result each call like a tensor op.",
                s.baselineTable(), null);
        section(b, "Reductions and softmax", "sumDim0: one total per column (reducing over rows); sumDim1: one per"
                + " row; softmax and logSoftmax over the last dim.", s.reductionTable(), null);
        section(b, "Autograd overhead: a chain of 1,000 scalar ops", "Per node; backward alone = forward+backward −"
                + " forward.", s.chainTable(), null);
        Path md = out.resolve(base + ".md");
        Files.writeString(md, b.toString(), StandardCharsets.UTF_8);
        return md;
    }

    private static void section(StringBuilder b, String title, String intro, String table, String chart) {
        if (table.isEmpty()) {
            return;
        }
        b.append("\n## ").append(title).append("\n\n");
        if (intro != null) {
            b.append(intro).append("\n\n");
        }
        b.append(table);
        if (chart != null) {
            b.append("\n![").append(title).append("](").append(chart).append(")\n");
        }
    }

    private static String writeChart(Path out, String name, SvgChart chart) throws IOException {
        if (chart.isEmpty()) {
            return null;
        }
        Files.writeString(out.resolve(name), chart.toSvg(), StandardCharsets.UTF_8);
        return name;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException("Report: " + option + " needs a value");
        }
        return args[i];
    }
}
