package dev.jgrad.nn;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Device;
import dev.jgrad.Scope;
import dev.jgrad.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Saves and loads module parameters as <a href="https://huggingface.co/docs/safetensors">safetensors</a>
 * files, keyed by {@link Module#namedParameters()} ("0.weight", ...), so weights move between jgrad and
 * PyTorch / Hugging Face tools ({@code safetensors.torch.load_file}).
 *
 * <pre>{@code
 * Parameters.save(net, Path.of("spiral.safetensors"));
 * Module copy = new Sequential(new Linear(2, 100, 0), Activation.relu(), new Linear(100, 3, 0));
 * Parameters.load(copy, Path.of("spiral.safetensors"));   // same weights now
 * }</pre>
 *
 * <p>{@code load} is all-or-nothing: it validates the whole file against the module first (header,
 * names, dtypes, shapes, offsets) and reads every tensor before assigning any, so a bad file leaves the
 * module unchanged. A file that does not match throws {@link IllegalArgumentException} naming the tensor
 * and the shapes; I/O failures throw {@link UncheckedIOException}.
 */
public final class Parameters {
    private Parameters() {
    }

    /** Writes {@code module}'s named parameters to {@code path} (replaced atomically where possible). */
    public static void save(Module module, Path path) {
        saveTensors(module.namedParameters(), path);
    }

    /**
     * Loads {@code path} into {@code module}'s parameters in place (same tensor objects, on their own
     * device). The file must hold exactly the module's parameter names with equal dtypes and shapes.
     */
    public static void load(Module module, Path path) {
        Map<String, Tensor> params = module.namedParameters();
        Map<String, Tensor> loaded = read(path, params);
        try (Scope g = Autograd.noGrad()) {
            for (Map.Entry<String, Tensor> e : params.entrySet()) {
                e.getValue().assign(loaded.get(e.getKey()));
            }
        } finally {
            loaded.values().forEach(Tensor::close);
        }
    }

    /** Writes any named tensors (F32, F64, I32) as a safetensors file, in the map's order. */
    public static void saveTensors(Map<String, Tensor> tensors, Path path) {
        List<SafeTensorsHeader.Entry> entries = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            long bytes = t.numel() * t.dtype().byteSize();
            entries.add(new SafeTensorsHeader.Entry(e.getKey(), t.dtype(), t.shape(), offset, offset + bytes));
            offset += bytes;
        }
        Path target = path.toAbsolutePath();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        boolean moved = false;
        try {
            // write next to the target, then rename: a failed save never leaves a half-written file
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(out, ByteBuffer.wrap(SafeTensorsHeader.encode(entries)));
                for (Tensor t : tensors.values()) {
                    writeFully(out, littleEndianBytes(t));
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } catch (IOException e) {
            throw new UncheckedIOException("Parameters.save: cannot write " + path + ": " + e.getMessage(), e);
        } finally {
            if (!moved) {
                deleteQuietly(tmp);
            }
        }
    }

    /** Reads every tensor of a safetensors file (F32, F64, I32) onto the default device, in file order. */
    public static Map<String, Tensor> loadTensors(Path path) {
        return read(path, null);
    }

    /**
     * Validates {@code path} (against {@code expected} names/dtypes/shapes when given) and reads its
     * tensors, each on the device of its expected counterpart (else the default device).
     */
    private static Map<String, Tensor> read(Path path, Map<String, Tensor> expected) {
        try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
            SafeTensorsHeader.Parsed header = SafeTensorsHeader.read(in, path.toString());
            if (expected != null) {
                checkMatches(path, header.entries(), expected);
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            try {
                for (SafeTensorsHeader.Entry e : header.entries().values()) {
                    Device device = expected != null ? expected.get(e.name()).device() : Device.defaultDevice();
                    out.put(e.name(), readTensor(in, header.bodyStart(), e, device));
                }
            } catch (RuntimeException | IOException failure) {
                out.values().forEach(Tensor::close);
                throw failure;
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Parameters.load: cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static void checkMatches(Path path, Map<String, SafeTensorsHeader.Entry> entries,
                                     Map<String, Tensor> expected) {
        for (Map.Entry<String, Tensor> p : expected.entrySet()) {
            String name = p.getKey();
            Tensor t = p.getValue();
            SafeTensorsHeader.Entry e = entries.get(name);
            if (e == null) {
                throw new IllegalArgumentException("Parameters.load " + path + ": missing tensor '" + name + "' ("
                        + t.dtype() + " " + Arrays.toString(t.shape()) + "); the file has " + entries.keySet());
            }
            if (e.dtype() != t.dtype() || !Arrays.equals(e.shape(), t.shape())) {
                throw new IllegalArgumentException("Parameters.load " + path + ": tensor '" + name + "' is "
                        + e.dtype() + " " + Arrays.toString(e.shape()) + " in the file but " + t.dtype() + " "
                        + Arrays.toString(t.shape()) + " in the module");
            }
        }
        TreeSet<String> unexpected = new TreeSet<>(entries.keySet());
        unexpected.removeAll(expected.keySet());
        if (!unexpected.isEmpty()) {
            throw new IllegalArgumentException("Parameters.load " + path + ": the file has tensors the module lacks: "
                    + unexpected);
        }
    }

    private static Tensor readTensor(FileChannel in, long bodyStart, SafeTensorsHeader.Entry e, Device device)
            throws IOException {
        long bytes = e.end() - e.begin();
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Parameters.load: tensor '" + e.name() + "' has " + bytes
                    + " bytes, more than one Java array can hold");
        }
        // the size was checked against the file's size, so this allocation is bounded by the file
        ByteBuffer buf = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        SafeTensorsHeader.readFully(in, buf, bodyStart + e.begin());
        buf.flip();
        int n = (int) e.numel();
        try (Scope d = Device.with(device)) {
            switch (e.dtype()) {
                case F32: {
                    float[] a = new float[n];
                    buf.asFloatBuffer().get(a);
                    return Tensor.of(a, e.shape());
                }
                case F64: {
                    double[] a = new double[n];
                    buf.asDoubleBuffer().get(a);
                    return Tensor.of(a, e.shape());
                }
                case I32: {
                    int[] a = new int[n];
                    buf.asIntBuffer().get(a);
                    return Tensor.of(a, e.shape());
                }
                default:
                    throw new IllegalStateException("Parameters.load: unhandled dtype " + e.dtype());
            }
        }
    }

    private static ByteBuffer littleEndianBytes(Tensor t) {
        long bytes = t.numel() * t.dtype().byteSize();
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Parameters.save: tensor " + Arrays.toString(t.shape()) + " " + t.dtype()
                    + " has " + bytes + " bytes, more than one buffer can hold");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        DType dtype = t.dtype();
        switch (dtype) {
            case F32 -> buf.asFloatBuffer().put(t.toFloatArray());
            case F64 -> buf.asDoubleBuffer().put(t.toDoubleArray());
            case I32 -> buf.asIntBuffer().put(t.toIntArray());
            default -> throw new IllegalStateException("Parameters.save: unhandled dtype " + dtype);
        }
        return buf;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the original failure is the one worth reporting
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            out.write(buf);
        }
    }
}
