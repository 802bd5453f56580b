package dev.jgrad.nn;

import dev.jgrad.Device;
import dev.jgrad.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A differentiable function with (possibly no) trainable parameters, like {@code torch.nn.Module}.
 *
 * <pre>{@code
 * Module net = new Sequential(new Linear(2, 100, 1), Activation.relu(), new Linear(100, 3, 2));
 * Tensor logits = net.forward(x);                  // (N, 3)
 * Map<String, Tensor> p = net.namedParameters();   // "0.weight", "0.bias", "2.weight", "2.bias"
 * net.to(Device.cuda());                           // parameters now live on the GPU
 * }</pre>
 *
 * <p>Note: {@code dev.jgrad.nn.Module} clashes with {@code java.lang.Module} under a wildcard import;
 * import it by name.
 */
public interface Module {

    /** Applies the module to a batch. */
    Tensor forward(Tensor x);

    /** The trainable tensors, in a fixed order (for {@link Linear}: weight, then bias; layer by layer). */
    List<Tensor> parameters();

    /**
     * Moves the parameters to {@code d}: they are replaced by new tensors on {@code d} (still leaves
     * that require grad) and the module refers to those from then on. Returns this module.
     * Optimizers built before the move still hold the old tensors, so build them after moving.
     */
    Module to(Device d);

    /**
     * The parameters by name, in the order of {@link #parameters()}. Modules that know their names
     * (Linear: "weight", "bias"; Sequential: "0.weight", ...) override this; the default names them by
     * position ("0", "1", ...).
     */
    default Map<String, Tensor> namedParameters() {
        Map<String, Tensor> named = new LinkedHashMap<>();
        List<Tensor> params = parameters();
        for (int i = 0; i < params.size(); i++) {
            named.put(Integer.toString(i), params.get(i));
        }
        return named;
    }

    /**
     * Sets training mode (true) or evaluation mode (false) and returns this module. Containers pass it
     * on to their children. The default ignores it (for modules written without
     * {@link AbstractModule}, which keeps the flag).
     */
    default Module train(boolean mode) {
        return this;
    }

    /** Training mode; same as {@code train(true)}. */
    default Module train() {
        return train(true);
    }

    /** Evaluation mode; same as {@code train(false)}. */
    default Module eval() {
        return train(false);
    }

    /** Whether the module is in training mode; modules that keep no flag always answer true. */
    default boolean isTraining() {
        return true;
    }
}
