package dev.jgrad;

import dev.jgrad.spi.Backend;
import dev.jgrad.spi.Layout;
import dev.jgrad.spi.RandomKind;
import dev.jgrad.spi.View;
import java.lang.ref.Cleaner;
import java.util.Arrays;

/**
 * An n-dimensional array of F32, F64 or I32 on a {@link Device}, with reverse-mode autograd.
 *
 * <p>Operations follow PyTorch semantics (NumPy broadcasting, negative dims, rank-0 results of full
 * reductions). When grad mode is on and an input {@linkplain #requiresGrad() requires grad}, each op
 * records itself so that {@link #backward()} can apply the chain rule.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new double[] {-2}).requiresGrad(true);
 * Tensor y = Tensor.of(new double[] {5}).requiresGrad(true);
 * Tensor z = Tensor.of(new double[] {-4}).requiresGrad(true);
 * Tensor f = x.add(y).mul(z);          // f = (x + y)·z = -12
 * f.backward();
 * x.grad().item();                     // -4
 * z.grad().item();                     // 3
 * }</pre>
 *
 * <p>Tensors hold backend memory (device memory on CUDA): close them, or create them inside a
 * {@link TensorScope}; a {@link Cleaner} frees forgotten ones eventually.
 */
public final class Tensor implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    final StorageRef storage;
    final Layout layout;
    Node gradFn;
    private boolean requiresGrad;
    private Tensor grad;
    private volatile boolean closed;
    private final Cleaner.Cleanable cleanable;
    private final Release release;

    Tensor(StorageRef storage, Layout layout) {
        storage.retain();
        this.storage = storage;
        this.layout = layout;
        this.release = new Release(storage, MemoryStats.isLeakDebugging() ? new Throwable("tensor created here") : null);
        this.cleanable = CLEANER.register(this, release);
        MemoryStats.created();
        TensorScope.register(this);
    }

    /** Drops one reference to the storage, once, whether closed explicitly or collected (a leak). */
    private static final class Release implements Runnable {
        private final StorageRef storage;
        private final Throwable creation;
        private volatile boolean explicit;

        Release(StorageRef storage, Throwable creation) {
            this.storage = storage;
            this.creation = creation;
        }

        @Override
        public void run() {
            storage.release(explicit);
            MemoryStats.released(explicit, creation);
        }
    }

    // ---------------------------------------------------------------- creation

    /** F32 tensor with a copy of {@code data} in row-major order. */
    public static Tensor of(float[] data, long... shape) {
        return fromHost("of", data, data.length, DType.F32, shape);
    }

    /** F64 tensor with a copy of {@code data} in row-major order. */
    public static Tensor of(double[] data, long... shape) {
        return fromHost("of", data, data.length, DType.F64, shape);
    }

    /** I32 tensor with a copy of {@code data} in row-major order. */
    public static Tensor of(int[] data, long... shape) {
        return fromHost("of", data, data.length, DType.I32, shape);
    }

    /** With no shape given, a 1-D tensor of the array's length (use {@link #scalar} for rank 0). */
    private static Tensor fromHost(String op, Object data, int length, DType dtype, long[] shape) {
        return fromHostExact(op, data, length, dtype, shape.length == 0 ? new long[] {length} : shape);
    }

    /** F64 values in exactly {@code shape} (rank 0 included), on the default device. */
    static Tensor ofExact(double[] data, long[] shape) {
        return fromHostExact("of", data, data.length, DType.F64, shape);
    }

    private static Tensor fromHostExact(String op, Object data, int length, DType dtype, long[] shape) {
        long[] s = shape;
        Checks.shapeValues(op, s);
        if (Layout.numelOf(s) != length) {
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape " + Checks.shape(s)
                    + " (" + Layout.numelOf(s) + " elements)");
        }
        Tensor t = empty(Backends.of(Device.defaultDevice()), dtype, s);
        t.backend().upload(data, t.storage.storage);
        return t;
    }

    /** A rank-0 tensor. */
    public static Tensor scalar(double value, DType dtype) {
        return full(value, dtype);
    }

    public static Tensor zeros(DType dtype, long... shape) {
        return full(0.0, dtype, shape);
    }

    public static Tensor ones(DType dtype, long... shape) {
        return full(1.0, dtype, shape);
    }

    public static Tensor full(double value, DType dtype, long... shape) {
        Checks.shapeValues("full", shape);
        return filled(Backends.of(Device.defaultDevice()), dtype, shape, value);
    }

    /** N(0,1) from the Philox generator: the same numbers for the same seed on every backend. */
    public static Tensor randn(long seed, DType dtype, long... shape) {
        return random("randn", RandomKind.NORMAL, seed, dtype, shape);
    }

    /** U[0,1) from the Philox generator: the same numbers for the same seed on every backend. */
    public static Tensor rand(long seed, DType dtype, long... shape) {
        return random("rand", RandomKind.UNIFORM, seed, dtype, shape);
    }

    private static Tensor random(String op, RandomKind kind, long seed, DType dtype, long[] shape) {
        Checks.shapeValues(op, shape);
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException(op + ": needs F32 or F64, got " + dtype);
        }
        Tensor t = empty(Backends.of(Device.defaultDevice()), dtype, shape);
        t.backend().random(kind, seed, t.view());
        return t;
    }

    static Tensor empty(Backend backend, DType dtype, long[] shape) {
        Layout layout = Layout.contiguous(shape);
        return new Tensor(new StorageRef(backend, backend.allocate(dtype, layout.numel())), layout);
    }

    static Tensor filled(Backend backend, DType dtype, long[] shape, double value) {
        Tensor t = empty(backend, dtype, shape);
        backend.fill(t.view(), value);
        return t;
    }

    static Tensor zerosLike(Tensor t) {
        return filled(t.backend(), t.dtype(), t.shape(), 0.0);
    }

    static Tensor onesLike(Tensor t) {
        return filled(t.backend(), t.dtype(), t.shape(), 1.0);
    }

    // ---------------------------------------------------------------- description

    public long[] shape() {
        return layout.shape();
    }

    public int rank() {
        return layout.rank();
    }

    public long numel() {
        return layout.numel();
    }

    /** Size of one dimension (negative counts from the end). */
    public long size(int dim) {
        return layout.dim(Checks.dim("size", this, dim));
    }

    public DType dtype() {
        return storage.storage.dtype();
    }

    public Device device() {
        return storage.backend.device();
    }

    /** True when the elements are dense in row-major order (not a transposed or broadcast view). */
    public boolean isContiguous() {
        return layout.isContiguous();
    }

    public boolean isClosed() {
        return closed;
    }

    Backend backend() {
        return storage.backend;
    }

    View view() {
        return new View(storage.storage, layout);
    }

    /** "[2, 3] F32 cpu": for error messages. */
    String describe() {
        return Checks.shape(layout.shape()) + " " + dtype() + " " + device() + (closed ? " (closed)" : "");
    }

    void checkOpen(String op) {
        if (closed) {
            throw new IllegalStateException(op + ": tensor " + describe() + " is closed");
        }
    }

    // ---------------------------------------------------------------- host reads

    /** The elements in row-major order as floats (F64 narrowed, I32 converted). Waits for the device. */
    public float[] toFloatArray() {
        Object host = download("toFloatArray");
        if (host instanceof float[] f) {
            return f;
        }
        if (host instanceof double[] d) {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }
        int[] ints = (int[]) host;
        float[] f = new float[ints.length];
        for (int i = 0; i < ints.length; i++) {
            f[i] = ints[i];
        }
        return f;
    }

    /** The elements in row-major order as doubles (F32 widened exactly). Waits for the device. */
    public double[] toDoubleArray() {
        Object host = download("toDoubleArray");
        if (host instanceof double[] d) {
            return d;
        }
        if (host instanceof float[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        int[] ints = (int[]) host;
        double[] d = new double[ints.length];
        for (int i = 0; i < ints.length; i++) {
            d[i] = ints[i];
        }
        return d;
    }

    /** The elements of an I32 tensor in row-major order. */
    public int[] toIntArray() {
        Checks.dtype("toIntArray", this, DType.I32);
        return (int[]) download("toIntArray");
    }

    private Object download(String op) {
        checkOpen(op);
        return backend().download(view());
    }

    /** The value of a one-element tensor. */
    public double item() {
        checkOpen("item");
        if (numel() != 1) {
            throw new IllegalArgumentException("item: needs exactly one element, got " + describe()
                    + " with " + numel() + " elements");
        }
        return toDoubleArray()[0];
    }

    @Override
    public String toString() {
        if (closed) {
            return "Tensor(" + describe() + ")";
        }
        return "Tensor(shape=" + Checks.shape(shape()) + ", " + dtype() + ", " + device()
                + (requiresGrad ? ", requiresGrad" : "") + ", " + TensorFormat.values(this) + ")";
    }

    // ---------------------------------------------------------------- memory

    /** Frees this tensor's reference to its memory now (views keep theirs); idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            grad = null;
            release.explicit = true;
            cleanable.clean();
        }
    }

    // ---------------------------------------------------------------- autograd

    /** Marks a floating-point leaf as needing gradients; returns this. */
    public Tensor requiresGrad(boolean flag) {
        checkOpen("requiresGrad");
        if (flag && !dtype().isFloating()) {
            throw new IllegalArgumentException("requiresGrad: only F32/F64 tensors can require gradients, got "
                    + describe());
        }
        if (gradFn != null && !flag) {
            throw new IllegalStateException("requiresGrad: " + describe() + " is the result of op '" + gradFn.op
                    + "', not a leaf; use detach() to get a tensor without a graph");
        }
        requiresGrad = flag || gradFn != null;
        return this;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True for tensors not produced by a recorded op. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /**
     * The gradient accumulated by backward (leaves only), or null. The leaf owns it: the next
     * {@link #zeroGrad()} or accumulating backward closes this handle, so keep a {@code detach()} or copy
     * to hold on to the values.
     */
    public Tensor grad() {
        return grad;
    }

    /** Forgets the accumulated gradient (closing its handle) so the next backward starts from none. */
    public void zeroGrad() {
        if (grad != null) {
            grad.close();
            grad = null;
        }
    }

    /** Backpropagates from this scalar: every leaf that requires grad accumulates d(this)/d(leaf). */
    public void backward() {
        Engine.backward(this, null, false, false);
    }

    /** Backpropagates {@code gradOutput} (same shape as this): leaves accumulate its vector-Jacobian product. */
    public void backward(Tensor gradOutput) {
        Engine.backward(this, gradOutput, false, false);
    }

    /** Like {@link #backward(Tensor)}, keeping the graph ({@code retainGraph}) or recording the backward itself ({@code createGraph}). */
    public void backward(Tensor gradOutput, boolean retainGraph, boolean createGraph) {
        Engine.backward(this, gradOutput, retainGraph, createGraph);
    }

    /** The same values without a graph (shares memory). */
    public Tensor detach() {
        checkOpen("detach");
        return new Tensor(storage, layout);
    }

    void attach(Node node) {
        this.gradFn = node;
        this.requiresGrad = true;
    }

    /**
     * Adds {@code g} to this leaf's gradient. The leaf keeps a handle of its own (never the engine's object,
     * which may also have gone to another leaf), so closing it on zeroGrad affects nobody else.
     */
    void accumulateGrad(Tensor g, boolean createGraph) {
        Tensor own = createGraph ? g : g.detach();
        if (grad == null) {
            grad = TensorScope.persist(own);
            return;
        }
        Tensor sum = grad.add(own);
        if (own != g) {
            own.close();
        }
        grad.close();
        grad = TensorScope.persist(sum);
    }

    /** In-place write counter: bumped by {@link #assign}; backward refuses saved tensors that moved on. */
    public int version() {
        return storage.version();
    }

    /**
     * Copies {@code src}'s values into this tensor in place ({@code src} broadcastable to this shape, same
     * dtype and device) and returns this. Not recorded in the graph: use it for optimizer updates under
     * {@link Autograd#noGrad()}.
     */
    public Tensor assign(Tensor src) {
        View from = inPlaceSource("assign", src);
        backend().copy(from, view());
        storage.bumpVersion();
        return this;
    }

    /**
     * {@code this ← this + alpha·x} in place ({@code x} broadcastable to this shape, same dtype and device), as
     * PyTorch's {@code add_(x, alpha=…)}; returns this. Gives exactly {@code assign(add(x.mul(alpha)))} (the
     * product rounded to the dtype, then the sum) in one pass on backends that fuse it (CUDA) instead of three.
     * Not recorded in the graph, like {@link #assign}:
     * <pre>{@code
     * try (Scope s = Autograd.noGrad()) {
     *     w.addScaledAssign(w.grad(), -0.01);   // an SGD step
     * }
     * }</pre>
     */
    public Tensor addScaledAssign(Tensor x, double alpha) {
        View from = inPlaceSource("addScaledAssign", x);
        Checks.floating("addScaledAssign", this);
        if (x.storage.storage == storage.storage) {
            // x shares this tensor's storage: a fused pass could read elements it has already written
            dev.jgrad.spi.Storage copy = backend().allocate(dtype(), numel());
            try {
                View c = new View(copy, Layout.contiguous(shape()));
                backend().copy(from, c);
                backend().addScaledInPlace(view(), alpha, c);
            } finally {
                copy.free();
            }
        } else {
            backend().addScaledInPlace(view(), alpha, from);
        }
        storage.bumpVersion();
        return this;
    }

    /** The checks of an in-place write of {@code src}'s values into this tensor; src's layout broadcast to this shape. */
    private View inPlaceSource(String op, Tensor src) {
        checkOpen(op);
        src.checkOpen(op);
        Checks.sameDevice(op, this, src);
        Checks.sameDType(op, this, src);
        if (requiresGrad && isLeaf() && GradMode.isEnabled()) {
            throw new IllegalStateException(op + ": " + describe() + " is a leaf that requires grad; an in-place"
                    + " write would not be differentiable. Do it inside Autograd.noGrad()");
        }
        if (gradFn != null && GradMode.isEnabled()) {
            throw new IllegalStateException(op + ": " + describe() + " is the output of op '" + gradFn.op
                    + "' in a graph; in-place writes to graph tensors are not supported");
        }
        Layout srcLayout = src.layout.broadcastTo(shape());
        if (srcLayout == null) {
            throw new IllegalArgumentException(op + ": source " + src.describe() + " does not broadcast to "
                    + describe());
        }
        return new View(src.storage.storage, srcLayout);
    }

    // ---------------------------------------------------------------- devices and dtypes

    /** A copy on {@code device} (this tensor when already there); differentiable. */
    public Tensor to(Device device) {
        return ViewOps.toDevice(this, device);
    }

    /** A copy converted to {@code dtype} (this tensor when already that dtype); differentiable between F32 and F64. */
    public Tensor to(DType dtype) {
        return ViewOps.cast(this, dtype);
    }

    // ---------------------------------------------------------------- elementwise

    public Tensor add(Tensor o) {
        return BinaryOps.add(this, o);
    }

    public Tensor add(double c) {
        return UnaryOps.addScalar(this, c);
    }

    /** Σ of several tensors (NumPy broadcasting) recorded as one node, like the lectures' n-input sum gate. */
    public static Tensor sumOf(Tensor... terms) {
        return BinaryOps.sumOf(terms);
    }

    public Tensor sub(Tensor o) {
        return BinaryOps.sub(this, o);
    }

    public Tensor sub(double c) {
        return UnaryOps.addScalar(this, -c);
    }

    public Tensor mul(Tensor o) {
        return BinaryOps.mul(this, o);
    }

    public Tensor mul(double c) {
        return UnaryOps.mulScalar(this, c);
    }

    public Tensor div(Tensor o) {
        return BinaryOps.div(this, o);
    }

    public Tensor div(double c) {
        return UnaryOps.divScalar(this, c);
    }

    public Tensor neg() {
        return UnaryOps.neg(this);
    }

    public Tensor exp() {
        return UnaryOps.exp(this);
    }

    public Tensor log() {
        return UnaryOps.log(this);
    }

    public Tensor sqrt() {
        return UnaryOps.sqrt(this);
    }

    public Tensor square() {
        return UnaryOps.square(this);
    }

    public Tensor pow(double p) {
        return UnaryOps.pow(this, p);
    }

    public Tensor abs() {
        return UnaryOps.abs(this);
    }

    public Tensor reciprocal() {
        return UnaryOps.reciprocal(this);
    }

    /** Elementwise max; where equal the gradient is split 0.5/0.5. */
    public Tensor maximum(Tensor o) {
        return BinaryOps.maximum(this, o);
    }

    /** Elementwise min; where equal the gradient is split 0.5/0.5. */
    public Tensor minimum(Tensor o) {
        return BinaryOps.minimum(this, o);
    }

    public Tensor relu() {
        return UnaryOps.relu(this);
    }

    public Tensor leakyRelu(double slope) {
        return UnaryOps.leakyRelu(this, slope);
    }

    public Tensor elu(double alpha) {
        return UnaryOps.elu(this, alpha);
    }

    public Tensor sigmoid() {
        return UnaryOps.sigmoid(this);
    }

    public Tensor tanh() {
        return UnaryOps.tanh(this);
    }

    /** log(1 + e^x), computed stably. */
    public Tensor softplus() {
        return UnaryOps.softplus(this);
    }

    /** 1 where this &gt; o, else 0 (this dtype); not differentiable. */
    public Tensor gt(Tensor o) {
        return BinaryOps.compare(dev.jgrad.spi.BinaryOp.GT, "gt", this, o);
    }

    /** 1 where this &gt; c, else 0; not differentiable. */
    public Tensor gt(double c) {
        return UnaryOps.gtScalar(this, c);
    }

    /** 1 where this == o, else 0 (this dtype); not differentiable. */
    public Tensor eq(Tensor o) {
        return BinaryOps.compare(dev.jgrad.spi.BinaryOp.EQ, "eq", this, o);
    }

    // ---------------------------------------------------------------- linear algebra

    /** {@code torch.matmul}: 2-D, batched with broadcast batch dims, and 1-D operands (vec·mat, mat·vec, dot). */
    public Tensor matmul(Tensor o) {
        return MatmulOps.matmul(this, o);
    }

    // ---------------------------------------------------------------- shapes

    /** Swaps the last two dims (a view). */
    public Tensor transpose() {
        if (rank() < 2) {
            throw new IllegalArgumentException("transpose: needs rank >= 2, got " + describe());
        }
        return ViewOps.transpose(this, -2, -1);
    }

    public Tensor transpose(int dim0, int dim1) {
        return ViewOps.transpose(this, dim0, dim1);
    }

    /** Same elements in a new shape (one dim may be -1); a view of contiguous data, else a copy. */
    public Tensor reshape(long... shape) {
        return ViewOps.reshape(this, shape);
    }

    /** NumPy broadcast to {@code shape} (a view with stride-0 dims). */
    public Tensor broadcastTo(long... shape) {
        return ViewOps.broadcastTo(this, shape);
    }

    public Tensor unsqueeze(int dim) {
        return ViewOps.unsqueeze(this, dim);
    }

    public Tensor squeeze(int dim) {
        return ViewOps.squeeze(this, dim);
    }

    /** Reorders dims: result dim i is this tensor's dim {@code order[i]} (a view). */
    public Tensor permute(int... order) {
        return ViewOps.permute(this, order);
    }

    /** This tensor if dense row-major, else a dense copy. */
    public Tensor contiguous() {
        return ViewOps.contiguous(this);
    }

    // ---------------------------------------------------------------- reductions

    public Tensor sum() {
        return ReduceOps.sumAll(this);
    }

    public Tensor sum(int dim, boolean keepDim) {
        return ReduceOps.sum(this, new int[] {dim}, keepDim);
    }

    public Tensor sum(int[] dims, boolean keepDim) {
        return ReduceOps.sum(this, dims, keepDim);
    }

    public Tensor mean() {
        return ReduceOps.meanAll(this);
    }

    public Tensor mean(int dim, boolean keepDim) {
        return ReduceOps.mean(this, dim, keepDim);
    }

    /** Maximum values along {@code dim}; the gradient goes to the first maximal element. */
    public Tensor max(int dim, boolean keepDim) {
        return ReduceOps.max(this, dim, keepDim);
    }

    /** Minimum values along {@code dim}; the gradient goes to the first minimal element. */
    public Tensor min(int dim, boolean keepDim) {
        return ReduceOps.min(this, dim, keepDim);
    }

    /** Index (I32) of the first maximum along {@code dim}; the dim is removed. Not differentiable. */
    public Tensor argmax(int dim) {
        return ReduceOps.argmax(this, dim);
    }

    public Tensor softmax(int dim) {
        return SoftmaxOps.softmax(this, dim);
    }

    public Tensor logSoftmax(int dim) {
        return SoftmaxOps.logSoftmax(this, dim);
    }

    /** For an I32 tensor of class ids: a new last dim of {@code numClasses} with 1 at each id. Not differentiable. */
    public Tensor oneHot(long numClasses, DType dtype) {
        return ReduceOps.oneHot(this, numClasses, dtype);
    }

    // ---------------------------------------------------------------- internals used by ops

    /** A new tensor over the same storage with another layout (a view). */
    Tensor withLayout(Layout l) {
        return new Tensor(storage, l);
    }

    /** Like {@link #withLayout}, then closes this intermediate (its storage lives on in the view). */
    Tensor withLayoutAndClose(Layout l) {
        Tensor v = new Tensor(storage, l);
        close();
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    static long[] shapeOf(Tensor t) {
        return t.layout.shape();
    }

    static String shapes(Tensor... ts) {
        StringBuilder sb = new StringBuilder();
        for (Tensor t : ts) {
            sb.append(sb.length() == 0 ? "" : ", ").append(Arrays.toString(t.shape()));
        }
        return sb.toString();
    }
}
