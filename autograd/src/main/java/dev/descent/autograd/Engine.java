package dev.descent.autograd;

import dev.descent.core.Tensor;

import java.util.Arrays;

/**
 * Reverse-mode differentiation over the recorded graph.
 *
 * <p>A node may run its backward only once the gradient of its output is complete, that is, after every node that
 * consumed it. Each node records its height — one more than the highest of its inputs — so a consumer is always
 * higher than what it consumed. The engine therefore keeps the nodes it has reached in a max-heap by height and
 * repeatedly runs the highest: when a node comes out, every consumer reachable from the root has already run (each
 * is higher and was reached earlier through the path that reaches this node). This is PyTorch's scheme (its
 * sequence numbers play the part of heights); it needs no recursion and no separate sorting pass, so the graph is
 * walked once. When a node is the only one ready — along a chain of a million operations, every time — the heap
 * would hand it straight back, so the engine keeps it aside and runs it next without the heap. Ties pop in an order fixed by the graph,
 * so the same program gives the same bits.
 *
 * <p>After its backward a node is freed (its inputs and closure dropped) unless the caller retains the graph, so the
 * intermediates become collectable as the pass goes.
 */
final class Engine {
    private Engine() {
    }

    static void backward(Variable root, Tensor seed, boolean retainGraph) {
        if (root.isLeaf()) {
            root.accumulateLeafGrad(seed, false);
            return;
        }
        Heap ready = new Heap();
        root.requireNotFreed(); // fails now if an earlier backward freed the graph
        root.pendingGrad = seed;
        root.pendingOwned = false;
        Router router = new Router();
        // The node to run next when it is the only one ready — always, along a chain (the micrograd regime) — kept
        // in a local rather than pushed into the heap and popped straight back; otherwise the heap decides.
        Variable next = root;
        Variable node = null;
        try {
            while (next != null || ready.size > 0) {
                if (next != null) {
                    node = next;
                    next = null;
                    node.queued = false;
                } else {
                    node = ready.pop();
                }
                for (int i = 0, n = node.inputCount(); i < n; i++) {
                    Variable in = node.input(i);
                    if (!in.isLeaf() && !in.queued) {
                        in.requireNotFreed(); // a freed input fails before this node's gradient moves on
                        if (next == null && ready.size == 0) {
                            next = in;
                            in.queued = true;
                        } else {
                            if (next != null) { // a second node is ready: both go to the heap
                                ready.push(next);
                                next = null;
                            }
                            ready.push(in);
                        }
                    }
                }
                if (node.pendingGrad != null) { // the router reads gradOut from the node: one store less per node
                    router.node = node;
                    node.backwardFunction().apply(node.pendingGrad, router);
                }
                node.pendingGrad = null;
                if (!retainGraph) {
                    node.free();
                }
            }
            node = null;
        } finally { // after an exception, drop the gradients still waiting: the failed node's, the next's, the heap's
            drop(node);
            drop(next);
            ready.clear();
        }
    }

    private static void drop(Variable waiting) {
        if (waiting != null) {
            waiting.pendingGrad = null;
            waiting.queued = false;
        }
    }

    /** A binary max-heap of nodes by height. */
    private static final class Heap {
        Variable[] items = new Variable[16];
        int size;

        void push(Variable v) {
            v.queued = true;
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            int i = size++;
            while (i > 0) { // sift up
                int parent = (i - 1) >>> 1;
                if (items[parent].height >= v.height) {
                    break;
                }
                items[i] = items[parent];
                i = parent;
            }
            items[i] = v;
        }

        Variable pop() {
            Variable top = items[0];
            top.queued = false; // every consumer has run, so nothing will reach it again in this pass
            Variable last = items[--size];
            items[size] = null;
            if (size > 0) {
                int i = 0;
                while (true) { // sift down
                    int child = 2 * i + 1;
                    if (child >= size) {
                        break;
                    }
                    if (child + 1 < size && items[child + 1].height > items[child].height) {
                        child++;
                    }
                    if (items[child].height <= last.height) {
                        break;
                    }
                    items[i] = items[child];
                    i = child;
                }
                items[i] = last;
            }
            return top;
        }

        void clear() {
            for (int i = 0; i < size; i++) {
                items[i].pendingGrad = null;
                items[i].queued = false;
                items[i] = null;
            }
            size = 0;
        }
    }

    /** Routes the gradients one node's backward produces to its inputs. */
    private static final class Router implements Grads {
        /** The node whose backward is running; its pendingGrad is gradOut until the backward returns. */
        Variable node;

        @Override
        public boolean ownsGradOut() {
            return node.pendingOwned && !Anomaly.isEnabled(); // the engine allocated gradOut or was handed it fresh
        }

        @Override
        public boolean needs(int i) {
            return node.input(i).requiresGrad();
        }

        @Override
        public Tensor input(int i) {
            return node.input(i).value();
        }

        @Override
        public Tensor output() {
            return node.value();
        }

        @Override
        public void add(int i, Tensor grad) {
            route(i, grad, false);
        }

        @Override
        public void addFresh(int i, Tensor grad) {
            route(i, grad, true);
        }

        private void route(int i, Tensor grad, boolean fresh) {
            Variable input = node.input(i);
            if (grad.shape() != input.shape() && !grad.shape().equals(input.shape())) {
                throw new IllegalStateException("backward of '" + node.op() + "': gradient for input " + i
                        + " has shape " + grad.shape() + " but the input has shape " + input.shape());
            }
            if (!input.requiresGrad()) {
                return;
            }
            Anomaly.checkBackward(node.op(), i, grad, node.pendingGrad);
            if (input.isLeaf()) {
                input.accumulateLeafGrad(grad, fresh);
            } else if (input.pendingGrad == null) {
                input.pendingGrad = grad;
                input.pendingOwned = fresh;
            } else if (input.pendingOwned) {
                input.pendingGrad.addi(grad);
            } else {
                input.pendingGrad = input.pendingGrad.add(grad);
                input.pendingOwned = true;
            }
        }
    }
}
