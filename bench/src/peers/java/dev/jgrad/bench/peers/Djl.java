package dev.jgrad.bench.peers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * DJL with its PyTorch engine, configured to run offline: libtorch comes from the pytorch-native-cpu jar on
 * the class path (bench/target/peers-lib/, copied there by -Ppeers) and the JNI glue from pytorch-jni, so nothing is downloaded.
 * PyTorch gets one inter-op thread and, per benchmark parameter {@code torchThreads}, either as many
 * intra-op threads as there are cores (PyTorch's default, like jgrad) or one: on a shared, busy machine
 * OpenMP's spinning barriers can make the multi-threaded run collapse, and the report then credits DJL
 * with the better of the two.
 */
final class Djl {
    static {
        setDefault("ai.djl.offline", "true");
        setDefault("ai.djl.default_engine", "PyTorch");
        setDefault("ai.djl.pytorch.num_interop_threads", "1");
    }

    private Djl() {
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Values of the benchmarks' {@code torchThreads} parameter. */
    static final String ALL_CORES = "cores";

    /**
     * A CPU manager; {@code torchThreads} ("cores" or a count) must be set before PyTorch first loads,
     * which is why it is passed here, in the benchmark's setup, in a fresh JMH fork.
     */
    static NDManager manager(String torchThreads) {
        String n = ALL_CORES.equals(torchThreads) ? Integer.toString(Runtime.getRuntime().availableProcessors())
                : Integer.toString(Integer.parseInt(torchThreads));
        System.setProperty("ai.djl.pytorch.num_threads", n);
        return NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch");
    }

    static DataType dataType(String dtype) {
        switch (dtype) {
            case "F32":
                return DataType.FLOAT32;
            case "F64":
                return DataType.FLOAT64;
            default:
                throw new IllegalArgumentException("Djl: unsupported dtype '" + dtype + "'");
        }
    }

    static NDArray randn(NDManager m, DataType dt, long... shape) {
        return m.randomNormal(0f, 1f, new Shape(shape), dt);
    }

    /** The value of a one-element array as a double, for either float type. */
    static double scalar(NDArray a) {
        return a.getDataType() == DataType.FLOAT64 ? a.getDouble() : a.getFloat();
    }
}
