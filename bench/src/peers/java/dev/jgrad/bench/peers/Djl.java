package dev.jgrad.bench.peers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * DJL with its PyTorch engine, configured to run offline: libtorch comes from the pytorch-native-cpu jar on
 * the class path (target/peers.classpath) and the JNI glue from pytorch-jni, so nothing is downloaded.
 * PyTorch gets as many intra-op threads as jgrad's CPU backend has cores, and one inter-op thread.
 */
final class Djl {
    static {
        setDefault("ai.djl.offline", "true");
        setDefault("ai.djl.default_engine", "PyTorch");
        setDefault("ai.djl.pytorch.num_threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
        setDefault("ai.djl.pytorch.num_interop_threads", "1");
    }

    private Djl() {
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    static NDManager manager() {
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
