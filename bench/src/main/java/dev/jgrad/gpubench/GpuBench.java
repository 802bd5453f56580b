package dev.jgrad.gpubench;

import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GPU benchmarks of the GPU verification issue, run by {@code bench/gpu/run.sh} on the GPU machine:
 * memory ceiling and memory-bound ops, row-wise reductions, GEMM against raw cuBLAS, and training steps.
 * Writes one JSON file of {@link Measurement} rows; every measurement is guarded, so one failure
 * leaves the others standing. TF32 follows {@code -Djgrad.cuda.tf32} (jgrad reads it once per process,
 * so run.sh starts a second JVM for the TF32 rows).
 *
 * <pre>
 * java -cp 'bundle/lib/*' dev.jgrad.gpubench.GpuBench --json out.json
 * java -Djgrad.cuda.tf32=true -cp 'bundle/lib/*' dev.jgrad.gpubench.GpuBench --sections gemm,mlp --dtypes F32 --json tf32.json
 * java -cp ... dev.jgrad.gpubench.GpuBench --device cpu --smoke --json smoke.json   # exercises the code paths without a GPU
 * </pre>
 *
 * Options: {@code --json FILE} (required), {@code --sections copy,elementwise,rows,gemm,mlp,two-layer}
 * (default all), {@code --dtypes F32,F64} (GEMM dtypes), {@code --device cuda|cpu}, {@code --smoke} (tiny
 * sizes), {@code --budget SECONDS} (timed seconds per measurement, default 0.4).
 */
public final class GpuBench {
    static final List<String> ALL_SECTIONS = List.of("copy", "elementwise", "rows", "gemm", "mlp", "two-layer");

    private GpuBench() {
    }

    public static void main(String[] args) throws IOException {
        Options o = Options.parse(args);
        Map<String, Object> doc = run(o, System.out);
        Files.createDirectories(o.json.toAbsolutePath().getParent());
        Files.writeString(o.json, Json.write(doc) + "\n", StandardCharsets.UTF_8);
        System.out.println("GpuBench: wrote " + o.json);
    }

    /** Runs the selected sections; the JSON document (header + rows). Never throws for a failed measurement. */
    @SuppressWarnings("try")   // Device.with sets the thread's default device for the block
    static Map<String, Object> run(Options o, PrintStream log) {
        boolean tf32 = Boolean.getBoolean("jgrad.cuda.tf32");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("tool", "jgrad GpuBench");
        doc.put("device", o.device.toString());
        doc.put("tf32", tf32);
        doc.put("java", System.getProperty("java.version"));
        doc.put("sizes", o.smoke ? "smoke" : "full");
        String why = Device.isAvailable(o.device) ? null : unavailableReason(o.device);
        doc.put("skipped", why);
        if (why != null) {
            log.println("GpuBench: skipped, " + o.device + " is unusable: " + why);
            doc.put("records", List.of());
            return doc;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        RawCuda raw = null;
        try (Scope s = Device.with(o.device)) {
            if (!o.device.isCpu()) {
                raw = RawCuda.open(o.device.ordinal(), tf32);
                doc.put("cublas_version", safeBlasVersion(raw));
            }
            BenchContext ctx = new BenchContext(o.device, raw, o.smoke ? BenchContext.Sizes.smoke() : BenchContext.Sizes.full(),
                    tf32, o.budget, log);
            log.println("GpuBench on " + o.device + (tf32 ? " (TF32 on)" : " (TF32 off)") + ", sections " + o.sections);
            for (String section : o.sections) {
                runSection(ctx, section, o.dtypes);
            }
            ctx.results().forEach(m -> rows.add(m.toJson()));
        } catch (Throwable t) {   // e.g. the raw context could not be opened: keep what was measured
            log.println("GpuBench: stopped early: " + BenchContext.describe(t));
            doc.put("error", BenchContext.describe(t));
        } finally {
            if (raw != null) {
                raw.close();
            }
        }
        doc.put("records", rows);
        return doc;
    }

    private static void runSection(BenchContext ctx, String section, List<DType> dtypes) {
        switch (section) {
            case "copy" -> MemoryBench.copyCeiling(ctx);
            case "elementwise" -> MemoryBench.elementwise(ctx);
            case "rows" -> MemoryBench.rows(ctx);
            case "gemm" -> GemmBench.run(ctx, dtypes);
            case "mlp" -> TrainBench.mlp(ctx);
            case "two-layer" -> TrainBench.lectureNet(ctx);
            default -> throw new IllegalArgumentException("GpuBench: unknown section '" + section + "'; known: " + ALL_SECTIONS);
        }
    }

    private static Object safeBlasVersion(RawCuda raw) {
        try {
            return raw.blasVersion();
        } catch (RuntimeException e) {
            return "unknown: " + e.getMessage();
        }
    }

    /** The backend's own sentence for why {@code d} cannot be used (creating a tensor there throws it). */
    @SuppressWarnings("try")
    private static String unavailableReason(Device d) {
        try (Scope s = Device.with(d)) {
            Tensor.zeros(DType.F32, 1).close();
            return "unknown (Device.isAvailable said no, yet a tensor could be created)";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /** Command-line options. */
    record Options(Path json, List<String> sections, List<DType> dtypes, Device device, boolean smoke, double budget) {
        static Options parse(String[] args) {
            Path json = null;
            List<String> sections = ALL_SECTIONS;
            List<DType> dtypes = List.of(DType.F32, DType.F64);
            Device device = Device.cuda();
            boolean smoke = false;
            double budget = 0.4;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--json" -> json = Path.of(value(args, ++i, a));
                    case "--sections" -> sections = List.of(value(args, ++i, a).split(","));
                    case "--dtypes" -> dtypes = Arrays.stream(value(args, ++i, a).split(",")).map(DType::valueOf).toList();
                    case "--device" -> device = Device.parse(value(args, ++i, a));
                    case "--smoke" -> smoke = true;
                    case "--budget" -> budget = Double.parseDouble(value(args, ++i, a));
                    default -> throw new IllegalArgumentException("GpuBench: unknown option '" + a + "'");
                }
            }
            if (json == null) {
                throw new IllegalArgumentException("GpuBench: --json FILE is required");
            }
            for (String s : sections) {
                if (!ALL_SECTIONS.contains(s)) {
                    throw new IllegalArgumentException("GpuBench: unknown section '" + s + "'; known: " + ALL_SECTIONS);
                }
            }
            return new Options(json, sections, dtypes, device, smoke, budget);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException("GpuBench: " + option + " needs a value");
            }
            return args[i];
        }
    }
}
