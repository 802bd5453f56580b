package dev.jgrad.nnconformance;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * Damaged and hostile variants of one valid safetensors file: truncations, flipped bytes, absurd header
 * lengths (up to 2^64-1, i.e. negative as a Java long), malformed JSON, wrong types and numbers, overlapping
 * or out-of-range offsets, wrong dtypes and shapes. Each mutation says whether it must be rejected or
 * may still be a valid file (a flipped byte inside tensor data is just other weights).
 *
 * <p>The valid file is rebuilt here from its parts (entries in file order + body), the way
 * {@code Parameters.save} lays it out: 8-byte little-endian header length, JSON padded with spaces
 * to a multiple of 8, tensor bytes.
 */
final class HostileSafetensorsFiles {

    /** One tensor entry of the valid file. */
    record Entry(String name, String dtype, long[] shape, long begin, long end) {
        String json() {
            return quote(name) + ":" + fields(quote(dtype), shapeJson(shape), "[" + begin + "," + end + "]");
        }

        static String fields(String dtype, String shape, String offsets) {
            return "{\"dtype\":" + dtype + ",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
        }
    }

    /** A mutated file: what was done to it, its bytes, and whether a correct reader must reject it. */
    record Mutant(String kind, byte[] bytes, boolean mustFail) {
    }

    private final List<Entry> entries;
    private final byte[] body;
    private final List<Mutator> mutators = new ArrayList<>();

    private record Mutator(String kind, boolean mustFail, BiFunction<SplittableRandom, HostileSafetensorsFiles, byte[]> make) {
    }

    /** The parts of {@code valid}, a file written by Parameters.save. */
    HostileSafetensorsFiles(List<Entry> entries, byte[] body) {
        this.entries = List.copyOf(entries);
        this.body = body.clone();
        register();
    }

    int kinds() {
        return mutators.size();
    }

    /** Mutation number {@code i}: kinds in turn, each drawn from its own seeded generator. */
    Mutant mutant(int i) {
        Mutator m = mutators.get(i % mutators.size());
        return new Mutant(m.kind(), m.make().apply(new SplittableRandom(0x5AFE_7E45L + i), this), m.mustFail());
    }

    // ---------------------------------------------------------------- building files

    String json() {
        return json(entries);
    }

    static String json(List<Entry> entries) {
        StringBuilder sb = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        for (Entry e : entries) {
            sb.append(',').append(e.json());
        }
        return sb.append('}').toString();
    }

    byte[] valid() {
        return file(json(), body);
    }

    /** Header length prefix + JSON (space-padded to a multiple of 8) + body. */
    static byte[] file(String json, byte[] body) {
        return file(json.getBytes(StandardCharsets.UTF_8), body);
    }

    static byte[] file(byte[] json, byte[] body) {
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded + body.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        return out.put(body).array();
    }

    private byte[] withJson(String json) {
        return file(json, body);
    }

    private static byte[] withHeaderLength(byte[] file, long length) {
        byte[] out = file.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
        return out;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String shapeJson(long[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return sb.append(']').toString();
    }

    /** The entries with entry {@code k}'s JSON replaced by {@code replacement} (a whole "name":{...} member). */
    private String jsonWith(int k, String replacement) {
        StringBuilder sb = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        for (int i = 0; i < entries.size(); i++) {
            sb.append(',').append(i == k ? replacement : entries.get(i).json());
        }
        return sb.append('}').toString();
    }

    private String entryWith(SplittableRandom r, String dtype, String shape, String offsets) {
        int k = r.nextInt(entries.size());
        Entry e = entries.get(k);
        return jsonWith(k, quote(e.name()) + ":" + Entry.fields(
                dtype != null ? dtype : quote(e.dtype()),
                shape != null ? shape : shapeJson(e.shape()),
                offsets != null ? offsets : "[" + e.begin() + "," + e.end() + "]"));
    }

    private List<Entry> copyWith(int k, Entry replacement) {
        List<Entry> out = new ArrayList<>(entries);
        out.set(k, replacement);
        return out;
    }

    private static <T> T pick(SplittableRandom r, List<T> choices) {
        return choices.get(r.nextInt(choices.size()));
    }

    // ---------------------------------------------------------------- the mutations

    private void add(String kind, boolean mustFail, BiFunction<SplittableRandom, HostileSafetensorsFiles, byte[]> make) {
        mutators.add(new Mutator(kind, mustFail, make));
    }

    private void register() {
        add("truncated", true, (r, f) -> Arrays.copyOf(f.valid(), r.nextInt(f.valid().length)));
        add("empty or shorter than the length prefix", true, (r, f) -> new byte[r.nextInt(8)]);
        add("flipped bytes in the header", false, (r, f) -> {
            byte[] b = f.valid();
            int headerEnd = 8 + f.json().length();
            for (int n = 1 + r.nextInt(4); n > 0; n--) {
                b[r.nextInt(headerEnd)] ^= (byte) (1 + r.nextInt(255));
            }
            return b;
        });
        add("flipped bytes anywhere", false, (r, f) -> {
            byte[] b = f.valid();
            for (int n = 1 + r.nextInt(4); n > 0; n--) {
                b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
            }
            return b;
        });
        add("flipped bytes in the tensor data (still valid: other weights)", false, (r, f) -> {
            byte[] b = f.valid();
            int bodyStart = b.length - f.body.length;
            for (int n = 1 + r.nextInt(4); n > 0; n--) {
                b[bodyStart + r.nextInt(f.body.length)] ^= (byte) (1 + r.nextInt(255));
            }
            return b;
        });
        add("header length with one bit flipped", true, (r, f) -> {
            byte[] b = f.valid();
            b[r.nextInt(8)] ^= (byte) (1 << r.nextInt(8));
            return b;
        });
        add("absurd header length", true, (r, f) -> {
            byte[] v = f.valid();
            long len = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            List<Long> lengths = List.of(0L, 1L, 2L, 7L, len - 1, len + 1, len + 8, (long) v.length - 8 + 1,
                    (long) v.length, (long) Integer.MAX_VALUE, 1L << 31, 1L << 32, 1L << 40, 1L << 62,
                    Long.MAX_VALUE, Long.MIN_VALUE /* 2^63 */, -1L /* 2^64-1 */, -8L, r.nextLong());
            return withHeaderLength(v, pick(r, lengths));
        });
        add("header length reaching into the body", true, (r, f) -> {
            byte[] v = f.valid();
            long len = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            return withHeaderLength(v, len + 8 * (1 + r.nextInt(Math.max(1, (int) (v.length - 8 - len) / 8))));
        });
        add("unterminated JSON", true, (r, f) -> {
            String j = f.json();
            return f.withJson(j.substring(0, 1 + r.nextInt(j.length() - 1)));
        });
        add("JSON root of the wrong type", true, (r, f) -> f.withJson(pick(r, List.of(
                "[]", "\"text\"", "123", "null", "true", "", " ", "{}", "[" + f.json() + "]"))));
        add("trailing garbage after the JSON", true, (r, f) -> f.withJson(f.json() + pick(r, List.of(
                "x", "}", ",", "{}", "\u0000", "// comment"))));
        add("padding that is not spaces", true, (r, f) -> {
            byte[] json = f.json().getBytes(StandardCharsets.UTF_8);
            byte[] padded = Arrays.copyOf(json, json.length + 8 - json.length % 8);
            Arrays.fill(padded, json.length, padded.length, pick(r, List.of((byte) 0, (byte) 'x', (byte) 0xFF)));
            return file(padded, f.body);
        });
        add("bytes that are not UTF-8", true, (r, f) -> {
            byte[] json = f.json().getBytes(StandardCharsets.UTF_8);
            int at = 1 + r.nextInt(json.length - 2);
            byte[] bad = pick(r, List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF},
                    new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0x80}));
            byte[] out = new byte[json.length + bad.length];
            System.arraycopy(json, 0, out, 0, at);
            System.arraycopy(bad, 0, out, at, bad.length);
            System.arraycopy(json, at, out, at + bad.length, json.length - at);
            return file(out, f.body);
        });
        add("deep nesting", true, (r, f) -> {
            int depth = pick(r, List.of(65, 100, 1_000, 100_000));
            boolean arrays = r.nextBoolean();
            String open = arrays ? "[" : "{\"a\":";
            String close = arrays ? "]" : "}";
            return f.withJson("{\"x\":" + open.repeat(depth) + "1" + close.repeat(depth) + "," + f.json().substring(1));
        });
        add("duplicate key", true, (r, f) -> {
            Entry e = pick(r, f.entries);
            return f.withJson(f.json().substring(0, f.json().length() - 1) + "," + e.json() + "}");
        });
        add("huge or malformed numbers", true, (r, f) -> {
            String n = pick(r, List.of("1e999999999", "1E2147483648", "-1e-999999999", "99999999999999999999",
                    "9223372036854775808", "-9223372036854775809", "4.5", "-0.5", "1e400", "01", "-", "1.",
                    ".5", "+1", "0x10", "NaN", "Infinity", "1e", "--1"));
            return switch (r.nextInt(3)) {
                case 0 -> f.withJson(f.entryWith(r, null, "[" + n + "]", null));
                case 1 -> f.withJson(f.entryWith(r, null, null, "[0," + n + "]"));
                default -> f.withJson(f.entryWith(r, null, null, "[" + n + ",48]"));
            };
        });
        add("fields of the wrong type", true, (r, f) -> switch (r.nextInt(3)) {
            case 0 -> f.withJson(f.entryWith(r, pick(r, List.of("5", "null", "[\"F32\"]", "{}", "true")), null, null));
            case 1 -> f.withJson(f.entryWith(r, null, pick(r, List.of("\"4,3\"", "null", "{}", "[null]", "[true]",
                    "[[4],3]", "[\"4\"]", "4")), null));
            default -> f.withJson(f.entryWith(r, null, null, pick(r, List.of("\"0,48\"", "[0]", "[]", "[0,48,96]",
                    "null", "{\"0\":48}", "[[0],[48]]", "[\"0\",\"48\"]"))));
        });
        add("missing field", true, (r, f) -> {
            int k = r.nextInt(f.entries.size());
            Entry e = f.entries.get(k);
            String dtype = "\"dtype\":" + quote(e.dtype());
            String shape = "\"shape\":" + shapeJson(e.shape());
            String offsets = "\"data_offsets\":[" + e.begin() + "," + e.end() + "]";
            List<String> kept = new ArrayList<>(List.of(dtype, shape, offsets));
            kept.remove(r.nextInt(3));
            return f.withJson(f.jsonWith(k, quote(e.name()) + ":{" + String.join(",", kept) + "}"));
        });
        add("entry that is not an object", true, (r, f) -> {
            int k = r.nextInt(f.entries.size());
            return f.withJson(f.jsonWith(k, quote(f.entries.get(k).name()) + ":" + pick(r, List.of("[]", "1", "\"F32\"", "null"))));
        });
        add("unsupported or misspelt dtype", true, (r, f) -> f.withJson(f.entryWith(r,
                quote(pick(r, List.of("F16", "BF16", "f32", "I64", "U8", "BOOL", "F8_E4M3", "", "F32 ", "I32", "F64"))),
                null, null)));
        add("shape that does not match the offsets or the module", true, (r, f) -> f.withJson(f.entryWith(r, null,
                pick(r, List.of("[]", "[1]", "[0]", "[0,3]", "[4,3,1]", "[1,4,3]", "[3,4]", "[12]", "[4611686018427387904,4]",
                        "[4294967296,4294967296,0]", "[4294967296,4294967296,4294967296]", "[9223372036854775807]",
                        "[2147483647,2147483647]", "[-1,3]", "[-4,-3]")), null)));
        add("offsets out of order, out of range or inverted", true, (r, f) -> {
            int k = r.nextInt(f.entries.size());
            Entry e = f.entries.get(k);
            long size = e.end() - e.begin();
            long bodySize = f.body.length;
            List<long[]> choices = List.of(new long[] {e.end(), e.begin()}, new long[] {bodySize, bodySize + size},
                    new long[] {bodySize - size + 4, bodySize + 4}, new long[] {Long.MAX_VALUE - size, Long.MAX_VALUE},
                    new long[] {e.begin(), e.end() - 4}, new long[] {e.begin() + 4, e.end()}, new long[] {0, 0},
                    new long[] {e.begin(), e.end() + 4}, new long[] {1L << 62, (1L << 62) + size});
            long[] o = pick(r, choices);
            return f.withJson(json(f.copyWith(k, new Entry(e.name(), e.dtype(), e.shape(), o[0], o[1]))));
        });
        add("overlapping offsets", true, (r, f) -> {
            int k = r.nextInt(f.entries.size());
            int other = (k + 1 + r.nextInt(f.entries.size() - 1)) % f.entries.size();
            Entry e = f.entries.get(k);
            Entry o = f.entries.get(other);
            long size = e.end() - e.begin();
            // start inside the other tensor (its first byte, or part-way), keeping this tensor's length
            long begin = o.begin() + (r.nextBoolean() ? 0 : 4 * r.nextInt((int) Math.max(1, (o.end() - o.begin()) / 4)));
            return f.withJson(json(f.copyWith(k, new Entry(e.name(), e.dtype(), e.shape(), begin, begin + size))));
        });
        add("renamed, missing or extra tensor", true, (r, f) -> {
            int k = r.nextInt(f.entries.size());
            Entry e = f.entries.get(k);
            List<Entry> out = new ArrayList<>(f.entries);
            switch (r.nextInt(3)) {
                case 0 -> out.set(k, new Entry(e.name() + pick(r, List.of("s", " ", "\u00e9", ".0", "\\u0000")), e.dtype(),
                        e.shape(), e.begin(), e.end()));
                case 1 -> out.remove(k);
                default -> out.add(new Entry("extra", "F32", new long[] {0}, f.body.length, f.body.length));
            }
            return f.withJson(json(out));
        });
        add("bad string escapes and control characters", true, (r, f) -> f.withJson(f.json().replaceFirst("\"0\\.",
                java.util.regex.Matcher.quoteReplacement(pick(r, List.of("\"\\u12", "\"\\uZZZZ", "\"\\q", "\"\u0001", "\"\\", "\"\n"))) + "0.")));
        add("metadata of the wrong type", true, (r, f) -> f.withJson(f.json().replace("{\"format\":\"pt\"}",
                pick(r, List.of("{\"format\":5}", "[]", "\"pt\"", "null", "{\"format\":{}}")))));
        add("body cut short", true, (r, f) -> {
            byte[] v = f.valid();
            return Arrays.copyOf(v, v.length - 1 - r.nextInt(Math.min(f.body.length, 16)));
        });
        add("extra bytes after the last tensor", false, (r, f) -> {
            byte[] v = f.valid();
            return Arrays.copyOf(v, v.length + 1 + r.nextInt(64));
        });
        add("tensors stored in reverse order (valid)", false, (r, f) -> f.reversed());
    }

    /** The same tensors with their bytes stored in reverse order: still a valid file with the same values. */
    private byte[] reversed() {
        List<Entry> out = new ArrayList<>();
        ByteBuffer data = ByteBuffer.allocate(body.length);
        long at = 0;
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            int size = (int) (e.end() - e.begin());
            data.put(body, (int) e.begin(), size);
            out.add(0, new Entry(e.name(), e.dtype(), e.shape(), at, at + size));
            at += size;
        }
        return file(json(out), data.array());
    }
}
