package dev.jgrad;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode backpropagation: walks the graph from the output in reverse topological order
 * (computed iteratively, so a 100,000-op chain cannot overflow the stack), runs each node's VJP,
 * and adds up the gradients that fan out to the same tensor (the multivariate chain rule).
 */
final class Engine {
    private Engine() {
    }

    /** {@code Tensor.backward}: accumulates into the {@code grad} of every reachable leaf. */
    static void backward(Tensor root, Tensor rootGrad, boolean retainGraph, boolean createGraph) {
        run(root, rootGrad, retainGraph, createGraph, null);
    }

    /** {@code Autograd.grad}: returns d(root)/d(inputs) without touching any leaf's {@code grad}. */
    static List<Tensor> grad(Tensor root, List<Tensor> inputs, Tensor rootGrad, boolean retainGraph,
                             boolean createGraph) {
        Map<Object, Integer> slots = new IdentityHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor in = inputs.get(i);
            if (!in.requiresGrad()) {
                throw new IllegalArgumentException("Autograd.grad: input " + i + " (" + in.describe()
                        + ") does not require grad");
            }
            slots.put(in.gradFn != null ? in.gradFn : in, i);
        }
        Tensor[] results = run(root, rootGrad, retainGraph, createGraph, slots);
        List<Tensor> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Tensor r = results[i];
            if (r == null) {
                // unused input: its gradient is zero, as torch.autograd.grad(materialize_grads=True)
                Tensor in = inputs.get(i);
                try (Scope g = GradMode.set(false)) {
                    r = Tensor.zerosLike(in);
                }
            }
            out.add(r);
        }
        return out;
    }

    /**
     * @param slots null for backward(); else, for Autograd.grad, where each input's gradient goes
     *              (keyed by its node, or the leaf tensor itself)
     */
    private static Tensor[] run(Tensor root, Tensor rootGrad, boolean retainGraph, boolean createGraph,
                                Map<Object, Integer> slots) {
        root.checkOpen("backward");
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: " + root.describe()
                    + " does not require grad and has no graph (did you call requiresGrad(true) on an input?)");
        }
        if (rootGrad == null) {
            if (root.numel() != 1) {
                throw new IllegalStateException("backward: output " + root.describe() + " is not a scalar;"
                        + " pass a gradient of the same shape (backward(gradOutput))");
            }
            try (Scope g = GradMode.set(false)) {
                rootGrad = Tensor.onesLike(root);
            }
        } else {
            Checks.sameShape("backward", root, rootGrad);
            Checks.sameDType("backward", root, rootGrad);
            Checks.sameDevice("backward", root, rootGrad);
        }
        Tensor[] results = slots == null ? null : new Tensor[slots.size()];
        if (root.gradFn == null) {   // a leaf: d(root)/d(root) is the given gradient
            deliverToLeaf(root, rootGrad, slots, results, createGraph);
            return results;
        }
        List<Node> order = topologicalOrder(root.gradFn);
        TensorScope scratch = createGraph ? null : TensorScope.open();
        try (Scope mode = GradMode.set(createGraph)) {
            Map<Node, Tensor> pending = new IdentityHashMap<>();
            pending.put(root.gradFn, rootGrad);
            for (int idx = order.size() - 1; idx >= 0; idx--) {
                Node node = order.get(idx);
                Tensor g = pending.remove(node);
                if (g == null) {
                    continue;
                }
                if (slots != null) {
                    Integer slot = slots.get(node);
                    if (slot != null) {
                        results[slot] = keep(g, scratch);
                    }
                }
                Tensor[] inputGrads = Hooks.runBackward(node, g);
                for (int i = 0; i < inputGrads.length; i++) {
                    Tensor ig = inputGrads[i];
                    if (ig == null || !node.needsGrad[i]) {
                        continue;
                    }
                    if (!Arrays.equals(ig.shape(), node.inputShapes[i])) {
                        throw new IllegalStateException("backward: VJP of op '" + node.op + "' returned a gradient of shape "
                                + Arrays.toString(ig.shape()) + " for input " + i + " of shape "
                                + Arrays.toString(node.inputShapes[i]));
                    }
                    Node next = node.inputNodes[i];
                    if (next != null) {
                        pending.merge(next, ig, Tensor::add);
                    } else {
                        deliverToLeaf(node.inputLeaves[i], ig, slots, results, createGraph, scratch);
                    }
                }
            }
            if (!retainGraph) {
                for (Node n : order) {
                    n.release();
                }
            }
        } finally {
            if (scratch != null) {
                scratch.close();
            }
        }
        return results;
    }

    private static Tensor keep(Tensor t, TensorScope scratch) {
        return scratch == null ? t : TensorScope.persist(t);
    }

    private static void deliverToLeaf(Tensor leaf, Tensor g, Map<Object, Integer> slots, Tensor[] results,
                                      boolean createGraph) {
        deliverToLeaf(leaf, g, slots, results, createGraph, null);
    }

    private static void deliverToLeaf(Tensor leaf, Tensor g, Map<Object, Integer> slots, Tensor[] results,
                                      boolean createGraph, TensorScope scratch) {
        Hooks.leafGradient(leaf, g);
        if (slots != null) {
            Integer slot = slots.get(leaf);
            if (slot != null) {
                results[slot] = results[slot] == null ? g : results[slot].add(g);
                keep(results[slot], scratch);
            }
            return;
        }
        leaf.accumulateGrad(g, createGraph);
    }

    /** Nodes reachable from {@code root}, each after all the nodes it depends on (iterative DFS). */
    static List<Node> topologicalOrder(Node root) {
        List<Node> order = new ArrayList<>();
        Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> nodeStack = new ArrayDeque<>();
        Deque<int[]> childStack = new ArrayDeque<>();
        nodeStack.push(root);
        childStack.push(new int[] {0});
        visited.add(root);
        while (!nodeStack.isEmpty()) {
            Node n = nodeStack.peek();
            int[] next = childStack.peek();
            Node child = null;
            while (next[0] < n.inputNodes.length && child == null) {
                Node c = n.inputNodes[next[0]++];
                if (c != null && visited.add(c)) {
                    child = c;
                }
            }
            if (child != null) {
                nodeStack.push(child);
                childStack.push(new int[] {0});
            } else {
                order.add(n);
                nodeStack.pop();
                childStack.pop();
            }
        }
        return order;
    }
}
