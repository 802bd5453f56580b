package dev.jgrad.nnconformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Parameters;
import dev.jgrad.nn.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** safetensors files: round trip, the exact bytes, and load failures that leave the module untouched. */
public abstract class ParametersConformance extends NnTestBase {

    @TempDir
    Path dir;

    private static Sequential net(long seed) {
        return new Sequential(new Linear(3, 4, seed), Activation.relu(), new Linear(4, 2, seed + 1));
    }

    private static List<double[]> snapshot(Module m) {
        List<double[]> values = new ArrayList<>();
        for (Tensor p : m.parameters()) {
            values.add(p.toDoubleArray());
        }
        return values;
    }

    private static void assertUnchanged(List<double[]> before, Module m) {
        List<Tensor> params = m.parameters();
        for (int i = 0; i < params.size(); i++) {
            assertArrayEquals(before.get(i), params.get(i).toDoubleArray(), "parameter " + i + " changed");
        }
    }

    @Test
    void roundTripRestoresEveryParameterInPlace() {
        Sequential saved = net(1);
        Path file = dir.resolve("net.safetensors");
        Parameters.save(saved, file);
        Sequential loaded = net(100);
        List<Tensor> sameObjects = loaded.parameters();
        Parameters.load(loaded, file);
        for (int i = 0; i < sameObjects.size(); i++) {
            assertSame(sameObjects.get(i), loaded.parameters().get(i), "load assigns in place");
            assertArrayEquals(saved.parameters().get(i).toFloatArray(), loaded.parameters().get(i).toFloatArray(),
                    "parameter " + i);
            assertTrue(loaded.parameters().get(i).requiresGrad());
        }
        Tensor x = f32(new double[] {0.5, -1, 2, 1, 1, 1}, 2, 3);
        assertArrayEquals(saved.forward(x).toFloatArray(), loaded.forward(x).toFloatArray());
    }

    @Test
    void fileBytesFollowTheSafetensorsFormat() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a", f32(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        tensors.put("b", f64(new double[] {-1.5, 0.25}, 2));
        tensors.put("c", Tensor.of(new int[] {7, -8, 9, 2147483647}, 2, 2));
        Path file = dir.resolve("t.safetensors");
        Parameters.saveTensors(tensors, file);

        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long n = bytes.getLong(0);
        String header = new String(bytes.array(), 8, (int) n, StandardCharsets.UTF_8);
        // data: a = 6 F32 = 24 bytes at [0, 24), b = 2 F64 = 16 bytes at [24, 40), c = 4 I32 = 16 bytes at [40, 56)
        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[24,40]},"
                + "\"c\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[40,56]}}";
        assertEquals(json, header.stripTrailing(), "header JSON");
        assertEquals(0, n % 8, "header length is padded to a multiple of 8");
        assertEquals((json.length() + 7) / 8 * 8, n, "padded with spaces only as far as needed");
        assertTrue(header.substring(json.length()).chars().allMatch(ch -> ch == ' '), "padding is spaces");
        assertEquals(8 + n + 56, bytes.capacity(), "file = 8 + header + data");

        int body = 8 + (int) n;
        for (int i = 0; i < 6; i++) {
            assertEquals(i + 1, bytes.getFloat(body + 4 * i), "a[" + i + "] little-endian F32");
        }
        assertEquals(-1.5, bytes.getDouble(body + 24));
        assertEquals(0.25, bytes.getDouble(body + 32));
        assertEquals(7, bytes.getInt(body + 40));
        assertEquals(-8, bytes.getInt(body + 44));
        assertEquals(9, bytes.getInt(body + 48));
        assertEquals(2147483647, bytes.getInt(body + 52));
        byte[] raw = bytes.array();
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f}, java.util.Arrays.copyOfRange(raw, body, body + 4),
                "1.0f is stored little-endian: 00 00 80 3f");
    }

    @Test
    void moduleFilesUseTorchStyleNames() throws IOException {
        Sequential m = net(3);
        Path file = dir.resolve("m.safetensors");
        Parameters.save(m, file);
        String header = header(file);
        assertTrue(header.contains("\"0.weight\":{\"dtype\":\"F32\",\"shape\":[4,3],\"data_offsets\":[0,48]}"), header);
        assertTrue(header.contains("\"0.bias\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[48,64]}"), header);
        assertTrue(header.contains("\"2.weight\":{\"dtype\":\"F32\",\"shape\":[2,4],\"data_offsets\":[64,96]}"), header);
        assertTrue(header.contains("\"2.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[96,104]}"), header);
        Map<String, Tensor> back = Parameters.loadTensors(file);
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), new ArrayList<>(back.keySet()));
    }

    @Test
    void loadsAFileWrittenByAnotherTool() throws IOException {
        // keys in another order than the data, extra whitespace, metadata: as other writers may produce
        Linear fc = new Linear(2, 1, 5);
        String json = "{ \"bias\" : {\"data_offsets\":[0,4], \"dtype\":\"F32\", \"shape\":[1]},\n"
                + "  \"weight\": {\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[4,12]},"
                + " \"__metadata__\": {\"source\": \"hand \\\"made\\\"\"} }";
        ByteBuffer body = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(-3f).putFloat(7f);
        Path file = write(json, body.array());
        Parameters.load(fc, file);
        assertArrayEquals(new float[] {-3f, 7f}, fc.weight().toFloatArray());
        assertArrayEquals(new float[] {0.5f}, fc.bias().toFloatArray());
    }

    @Test
    void wrongShapeNamesTheTensorAndShapesAndChangesNothing() {
        Path file = dir.resolve("small.safetensors");
        Parameters.save(new Linear(3, 4, 1), file);
        Linear other = new Linear(3, 5, 2);
        List<double[]> before = snapshot(other);
        IllegalArgumentException e = assertBadInput(() -> Parameters.load(other, file), "weight", "[4, 3]", "[5, 3]");
        assertUnchanged(before, other);
        assertTrue(e.getMessage().contains("small.safetensors"), e.getMessage());
    }

    @Test
    void wrongDtypeIsRejected() {
        Path file = dir.resolve("f64.safetensors");
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("weight", f64(new double[] {1, 2}, 1, 2));
        t.put("bias", f64(new double[] {3}, 1));
        Parameters.saveTensors(t, file);
        Linear fc = new Linear(2, 1, 1);
        List<double[]> before = snapshot(fc);
        assertBadInput(() -> Parameters.load(fc, file), "weight", "F64", "F32");
        assertUnchanged(before, fc);
    }

    @Test
    void missingTensorIsNamedAndChangesNothing() {
        Path file = dir.resolve("partial.safetensors");
        Linear source = new Linear(3, 4, 1);
        Parameters.saveTensors(Map.of("weight", source.weight()), file);
        Linear target = new Linear(3, 4, 9);
        List<double[]> before = snapshot(target);
        assertBadInput(() -> Parameters.load(target, file), "missing", "bias", "[4]");
        assertUnchanged(before, target);
    }

    @Test
    void unexpectedTensorIsRejected() {
        Path file = dir.resolve("extra.safetensors");
        Linear source = new Linear(3, 4, 1);
        Map<String, Tensor> t = new LinkedHashMap<>(source.namedParameters());
        t.put("extra", f32(new double[] {1}, 1));
        Parameters.saveTensors(t, file);
        Linear target = new Linear(3, 4, 9);
        List<double[]> before = snapshot(target);
        assertBadInput(() -> Parameters.load(target, file), "extra");
        assertUnchanged(before, target);
    }

    @Test
    void truncatedBodyIsDetectedBeforeAnythingIsAssigned() throws IOException {
        Path file = dir.resolve("cut.safetensors");
        Parameters.save(net(1), file);
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length - 4));   // last tensor "2.bias" loses 4 bytes
        Sequential target = net(50);
        List<double[]> before = snapshot(target);
        assertBadInput(() -> Parameters.load(target, file), "truncated", "2.bias");
        assertUnchanged(before, target);
    }

    @Test
    void hugeOrShortHeaderLengthIsRejectedWithoutAllocating() throws IOException {
        Path file = dir.resolve("huge.safetensors");
        Parameters.save(net(1), file);
        byte[] all = Files.readAllBytes(file);
        Sequential target = net(50);
        List<double[]> before = snapshot(target);
        for (long bad : new long[] {Long.MAX_VALUE, -1L, 1L << 40, all.length}) {
            ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putLong(0, bad);
            Files.write(file, all);
            assertBadInput(() -> Parameters.load(target, file), "header length");
        }
        Files.write(file, new byte[] {1, 2, 3});
        assertBadInput(() -> Parameters.load(target, file), "too short");
        assertUnchanged(before, target);
    }

    @Test
    void malformedHeadersAreRejected() throws IOException {
        Linear fc = new Linear(1, 1, 1);
        List<double[]> before = snapshot(fc);
        byte[] eight = new byte[8];
        String[] bad = {
            "{\"weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]}",            // unclosed
            "[1, 2]",                                                                        // not an object
            "{\"weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},"
                    + "\"bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}",       // overlap
            "{\"weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,8]},"
                    + "\"bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",       // length ≠ numel·4
            "{\"weight\":{\"dtype\":\"BF16\",\"shape\":[1,1],\"data_offsets\":[0,2]},"
                    + "\"bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}",       // dtype unsupported
            "{\"weight\":{\"dtype\":\"F32\",\"shape\":[-1,1],\"data_offsets\":[0,4]},"
                    + "\"bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",       // negative dim
            "{\"weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},"
                    + "\"weight\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",     // duplicate key
        };
        for (String json : bad) {
            Path file = write(json, eight);
            assertBadInput(() -> Parameters.load(fc, file), "safetensors");
            assertUnchanged(before, fc);
        }
    }

    @Test
    void ioErrorsAreUnchecked() {
        Path missing = dir.resolve("does-not-exist.safetensors");
        assertThrows(UncheckedIOException.class, () -> Parameters.load(new Linear(1, 1, 1), missing));
        assertThrows(UncheckedIOException.class, () -> Parameters.save(new Linear(1, 1, 1), dir.resolve("no/such/dir/x")));
    }

    @Test
    void savingReplacesAnExistingFile() {
        Path file = dir.resolve("again.safetensors");
        Parameters.save(new Linear(2, 2, 1), file);
        Linear second = new Linear(2, 2, 2);
        Parameters.save(second, file);
        Linear target = new Linear(2, 2, 3);
        Parameters.load(target, file);
        assertArrayEquals(second.weight().toFloatArray(), target.weight().toFloatArray());
    }

    @Test
    void everyDtypeRoundTripsThroughLoadTensors() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("f32", f32(new double[] {1.5, -2}, 2));
        t.put("f64", f64(new double[] {Math.PI}, 1, 1));
        t.put("i32", Tensor.of(new int[] {-7, 0, 42}, 3));
        Path file = dir.resolve("all.safetensors");
        Parameters.saveTensors(t, file);
        Map<String, Tensor> back = Parameters.loadTensors(file);
        assertEquals(DType.F32, back.get("f32").dtype());
        assertArrayEquals(new float[] {1.5f, -2f}, back.get("f32").toFloatArray());
        assertEquals(DType.F64, back.get("f64").dtype());
        assertArrayEquals(new long[] {1, 1}, back.get("f64").shape());
        assertEquals(Math.PI, back.get("f64").item());
        assertEquals(DType.I32, back.get("i32").dtype());
        assertArrayEquals(new int[] {-7, 0, 42}, back.get("i32").toIntArray());
    }

    private String header(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        return new String(all, 8, (int) n, StandardCharsets.UTF_8);
    }

    private Path write(String json, byte[] body) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + header.length + body.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(header.length).put(header).put(body);
        Path file = Files.createTempFile(dir, "hand", ".safetensors");
        Files.write(file, buf.array());
        return file;
    }
}
