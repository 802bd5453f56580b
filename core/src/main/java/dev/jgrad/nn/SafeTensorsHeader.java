package dev.jgrad.nn;

import dev.jgrad.DType;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors layout (https://huggingface.co/docs/safetensors): an 8-byte little-endian u64 header
 * length N, N bytes of UTF-8 JSON {@code {"name":{"dtype":"F32","shape":[..],"data_offsets":[b,e]},...}}
 * (offsets relative to the first byte after the header; padded with spaces to a multiple of 8, so the
 * data is aligned), then the raw little-endian tensor bytes.
 *
 * <p>Reading checks everything a hostile or damaged file could get wrong before anything is allocated
 * from its numbers: the header length against the file size, the JSON, every entry's fields, and the
 * offsets (inside the body, non-overlapping, length = numel·element size).
 */
final class SafeTensorsHeader {
    static final String METADATA_KEY = "__metadata__";

    /** One tensor's entry; offsets are relative to the body. */
    record Entry(String name, DType dtype, long[] shape, long begin, long end) {
        long numel() {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }
    }

    /** A validated header: entries in file order, and where the body starts / how long it is. */
    record Parsed(Map<String, Entry> entries, long bodyStart, long bodySize) {
    }

    private SafeTensorsHeader() {
    }

    /** The length prefix plus the JSON header, space-padded to a multiple of 8, for these entries. */
    static byte[] encode(List<Entry> entries) {
        StringBuilder json = new StringBuilder("{");
        json.append(Json.quote(METADATA_KEY)).append(":{\"format\":\"pt\"}");
        for (Entry e : entries) {
            json.append(',').append(Json.quote(e.name())).append(":{\"dtype\":\"").append(e.dtype().name())
                    .append("\",\"shape\":[");
            for (int i = 0; i < e.shape().length; i++) {
                json.append(i == 0 ? "" : ",").append(e.shape()[i]);
            }
            json.append("],\"data_offsets\":[").append(e.begin()).append(',').append(e.end()).append("]}");
        }
        json.append('}');
        byte[] text = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(text);
        while (out.hasRemaining()) {
            out.put((byte) ' ');
        }
        return out.array();
    }

    /** Largest header accepted: 100 MB, as the reference safetensors implementation. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    /** Reads and validates the header of {@code file}; {@code source} names it in messages. */
    static Parsed read(FileChannel file, String source) throws IOException {
        long fileSize = file.size();
        if (fileSize < 8) {
            throw new IllegalArgumentException("safetensors " + source + ": file has " + fileSize
                    + " bytes, too short for the 8-byte header length");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, lengthBytes, 0);
        long headerLength = lengthBytes.flip().getLong();
        // unsigned u64: a negative long is > 2^63, certainly larger than the file
        if (headerLength < 2 || headerLength > fileSize - 8) {
            throw new IllegalArgumentException("safetensors " + source + ": header length "
                    + Long.toUnsignedString(headerLength) + " does not fit a file of " + fileSize + " bytes");
        }
        // real headers are kilobytes; the length is untrusted, so cap what it can make us allocate
        // (the reference reader's limit) before reading it
        if (headerLength > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("safetensors " + source + ": header length " + headerLength
                    + " exceeds the " + MAX_HEADER_BYTES + "-byte limit for a safetensors header");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(file, headerBytes, 8);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(headerBytes.flip()).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("safetensors " + source + ": header is not valid UTF-8", e);
        }
        Object root;
        try {
            root = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("safetensors " + source + ": malformed header: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new IllegalArgumentException("safetensors " + source + ": header must be a JSON object");
        }
        long bodySize = fileSize - 8 - headerLength;
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<?, ?> kv : top.entrySet()) {
            String name = (String) kv.getKey();
            if (name.equals(METADATA_KEY)) {
                checkMetadata(source, kv.getValue());
            } else {
                entries.put(name, entry(source, name, kv.getValue()));
            }
        }
        checkOffsets(source, entries, bodySize);
        return new Parsed(entries, 8 + headerLength, bodySize);
    }

    private static void checkMetadata(String source, Object value) {
        if (!(value instanceof Map<?, ?> meta) || !meta.values().stream().allMatch(v -> v instanceof String)) {
            throw new IllegalArgumentException("safetensors " + source + ": " + METADATA_KEY
                    + " must be an object of strings");
        }
    }

    private static Entry entry(String source, String name, Object value) {
        String where = "safetensors " + source + ": tensor '" + name + "'";
        if (!(value instanceof Map<?, ?> fields)) {
            throw new IllegalArgumentException(where + ": entry must be an object");
        }
        if (!(fields.get("dtype") instanceof String dtypeName)) {
            throw new IllegalArgumentException(where + ": missing string \"dtype\"");
        }
        DType dtype;
        try {
            dtype = DType.valueOf(dtypeName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": dtype " + dtypeName + " is not supported (F32, F64, I32)");
        }
        long[] shape = longs(where, "shape", fields.get("shape"), -1);
        long[] offsets = longs(where, "data_offsets", fields.get("data_offsets"), 2);
        Entry e = new Entry(name, dtype, shape, offsets[0], offsets[1]);
        long expected;
        try {
            expected = Math.multiplyExact(e.numel(), dtype.byteSize());
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException(where + ": shape " + Arrays.toString(shape) + " is too large");
        }
        if (offsets[1] < offsets[0] || offsets[1] - offsets[0] != expected) {
            throw new IllegalArgumentException(where + ": data_offsets " + Arrays.toString(offsets) + " span "
                    + (offsets[1] - offsets[0]) + " bytes but " + dtype + " " + Arrays.toString(shape)
                    + " needs " + expected);
        }
        return e;
    }

    /** A JSON array of non-negative integers that fit a long ({@code length} -1 = any length). */
    private static long[] longs(String where, String field, Object value, int length) {
        if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw new IllegalArgumentException(where + ": \"" + field + "\" must be an array"
                    + (length >= 0 ? " of " + length + " integers" : " of integers"));
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                BigDecimal d = (BigDecimal) list.get(i);
                out[i] = d.longValueExact();
                if (out[i] < 0) {
                    throw new ArithmeticException("negative");
                }
            } catch (ClassCastException | ArithmeticException e) {
                throw new IllegalArgumentException(where + ": \"" + field + "\" must hold non-negative integers, got "
                        + list);
            }
        }
        return out;
    }

    /** Sorted by start: each tensor must end inside the body and start at or after the previous end. */
    private static void checkOffsets(String source, Map<String, Entry> entries, long bodySize) {
        List<Entry> byStart = new ArrayList<>(entries.values());
        byStart.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        Entry previous = null;
        for (Entry e : byStart) {
            if (e.end() > bodySize) {
                throw new IllegalArgumentException("safetensors " + source + ": truncated body: tensor '" + e.name()
                        + "' " + e.dtype() + " " + Arrays.toString(e.shape()) + " needs bytes [" + e.begin() + ", "
                        + e.end() + ") but the body has " + bodySize + " bytes");
            }
            if (previous != null && e.begin() < previous.end()) {
                throw new IllegalArgumentException("safetensors " + source + ": tensors '" + previous.name()
                        + "' [" + previous.begin() + ", " + previous.end() + ") and '" + e.name() + "' ["
                        + e.begin() + ", " + e.end() + ") overlap");
            }
            previous = e;
        }
    }

    static void readFully(FileChannel file, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = file.read(into, at);
            if (n < 0) {
                throw new IllegalArgumentException("safetensors: unexpected end of file at byte " + at);
            }
            at += n;
        }
    }
}
