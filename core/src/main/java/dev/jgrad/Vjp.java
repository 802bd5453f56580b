package dev.jgrad;

/**
 * An op's vector-Jacobian product: from the upstream gradient of its output to one gradient per
 * input (null where {@code needsGrad[i]} is false). Written with Tensor ops, so it runs on the
 * tensors' device and is itself differentiable when the graph is created.
 */
@FunctionalInterface
interface Vjp {
    Tensor[] apply(Tensor grad, boolean[] needsGrad);
}
