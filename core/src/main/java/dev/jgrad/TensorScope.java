package dev.jgrad;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Closes every tensor created on this thread inside it, except those {@linkplain #keep kept}
 * (which move to the enclosing scope). The way to bound memory in a loop, especially on a GPU
 * whose memory the garbage collector cannot see.
 *
 * <pre>{@code
 * for (int step = 0; step < steps; step++) {
 *     try (TensorScope s = TensorScope.open()) {
 *         Tensor loss = Loss.mse(model.forward(x), y);
 *         opt.zeroGrad();
 *         loss.backward();
 *         opt.step();
 *     }   // activations, gradients of intermediates, temporaries: closed here
 * }
 * }</pre>
 */
public final class TensorScope implements Scope {
    private static final ThreadLocal<Deque<TensorScope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    private final Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Thread thread = Thread.currentThread();
    private boolean closed;

    private TensorScope() {
    }

    /** Opens a scope on the calling thread. */
    public static TensorScope open() {
        TensorScope s = new TensorScope();
        STACK.get().push(s);
        return s;
    }

    /** Keeps {@code t} alive past this scope: it moves to the enclosing scope, if any. Returns {@code t}. */
    public <T extends Tensor> T keep(T t) {
        if (owned.remove(t)) {
            Deque<TensorScope> stack = STACK.get();
            boolean passedThis = false;
            for (TensorScope s : stack) {
                if (passedThis) {
                    s.owned.add(t);
                    break;
                }
                passedThis = s == this;
            }
        }
        return t;
    }

    /** Removes {@code t} from every open scope of this thread: it lives until closed or collected. */
    public static <T extends Tensor> T persist(T t) {
        for (TensorScope s : STACK.get()) {
            s.owned.remove(t);
        }
        return t;
    }

    /** Number of tensors this scope would close now. */
    public int size() {
        return owned.size();
    }

    static void register(Tensor t) {
        TensorScope top = STACK.get().peek();
        if (top != null) {
            top.owned.add(t);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("TensorScope.close: a scope must be closed on the thread that opened it");
        }
        Deque<TensorScope> stack = STACK.get();
        // closing an outer scope closes the inner ones still open (a missed close in user code)
        while (!stack.isEmpty()) {
            TensorScope top = stack.pop();
            top.closeOwned();
            if (top == this) {
                break;
            }
        }
    }

    private void closeOwned() {
        closed = true;
        for (Tensor t : owned) {
            t.close();
        }
        owned.clear();
    }
}
