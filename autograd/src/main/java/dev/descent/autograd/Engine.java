package dev.descent.autograd;

import dev.descent.core.Tensor;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reverse-mode differentiation over the recorded graph.
 *
 * <p>First the nodes reachable from the root are put in topological order — an iterative depth-first search with an
 * explicit stack, so a chain of a million operations cannot overflow the Java stack, visiting inputs in the order
 * they were given, so the order is the same on every run. Then, from the root towards the leaves, each node's
 * backward turns the gradient of its output (complete by then: every consumer comes earlier in the order) into
 * gradients of its inputs. Finally each node is freed unless the caller retains the graph.
 *
 * <p>The arrays the sort works in are kept per thread and reused, because a graph of scalars has as many nodes as
 * operations and growing fresh arrays for each pass cost as much as the gradients themselves.
 */
final class Engine {
    private static final AtomicLong PASSES = new AtomicLong();
    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private Engine() {
    }

    static void backward(Variable root, Tensor seed, boolean retainGraph) {
        Node top = root.node();
        if (top == null) {
            root.accumulateLeafGrad(seed);
            return;
        }
        Workspace ws = WORKSPACE.get();
        if (ws.busy) { // a backward started from inside a backward closure
            ws = new Workspace();
        }
        ws.busy = true;
        try {
            run(ws, top, seed, retainGraph);
        } finally {
            ws.busy = false;
        }
    }

    private static void run(Workspace ws, Node top, Tensor seed, boolean retainGraph) {
        int count = ws.sort(top, PASSES.incrementAndGet());
        Node[] order = ws.order;
        top.pendingGrad = seed;
        top.pendingOwned = false;
        Router router = new Router();
        try {
            for (int k = 0; k < count; k++) {
                Node node = order[k];
                Tensor gradOut = node.pendingGrad;
                node.pendingGrad = null;
                if (gradOut != null) {
                    router.node = node;
                    router.inputs = node.inputs();
                    router.gradOut = gradOut;
                    node.backward().apply(gradOut, router);
                }
                if (!retainGraph) {
                    node.free();
                }
            }
        } finally {
            for (int k = 0; k < count; k++) {
                order[k].pendingGrad = null; // after an exception mid-pass, drop the gradients still waiting
                order[k] = null; // the workspace must not keep the graph alive
            }
        }
    }

    /** Reusable arrays for the depth-first sort. */
    private static final class Workspace {
        Node[] order = new Node[256];
        Node[] stack = new Node[256];
        int[] nextInput = new int[256];
        boolean busy;

        /**
         * Fills {@link #order} with the nodes reachable from {@code root}, each after every node that consumes its
         * output (root first), and returns how many. A node is finished (post-order) once all its inputs are; the
         * reverse of post-order is a topological order from the root.
         */
        int sort(Node root, long pass) {
            try {
                return depthFirst(root, pass);
            } catch (RuntimeException e) { // a freed node: forget the partial walk
                Arrays.fill(order, null);
                Arrays.fill(stack, null);
                throw e;
            }
        }

        private int depthFirst(Node root, long pass) {
            int done = 0;
            int depth = 1;
            stack[0] = root;
            nextInput[0] = 0;
            root.visitMark = pass;
            while (depth > 0) {
                Node node = stack[depth - 1];
                Variable[] inputs = node.inputs();
                int i = nextInput[depth - 1];
                if (i < inputs.length) {
                    nextInput[depth - 1] = i + 1;
                    Node child = inputs[i].node();
                    if (child != null && child.visitMark != pass) {
                        child.visitMark = pass;
                        if (depth == stack.length) {
                            stack = Arrays.copyOf(stack, depth * 2);
                            nextInput = Arrays.copyOf(nextInput, depth * 2);
                        }
                        stack[depth] = child;
                        nextInput[depth] = 0;
                        depth++;
                    }
                } else {
                    if (done == order.length) {
                        order = Arrays.copyOf(order, done * 2);
                    }
                    order[done++] = node;
                    stack[--depth] = null;
                }
            }
            reverse(order, done);
            return done;
        }

        private static void reverse(Node[] a, int n) {
            for (int i = 0, j = n - 1; i < j; i++, j--) {
                Node t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
        }
    }

    /** Routes the gradients one node's backward produces to its inputs. */
    private static final class Router implements Grads {
        Node node;
        Variable[] inputs;
        Tensor gradOut;

        @Override
        public boolean needs(int i) {
            return inputs[i].requiresGrad();
        }

        @Override
        public void add(int i, Tensor grad) {
            Variable input = inputs[i];
            if (grad.shape() != input.shape() && !grad.shape().equals(input.shape())) {
                throw new IllegalStateException("backward of '" + node.op + "': gradient for input " + i + " has shape "
                        + grad.shape() + " but the input has shape " + input.shape());
            }
            if (!input.requiresGrad()) {
                return;
            }
            Anomaly.checkBackward(node.op, i, grad, gradOut);
            Node producer = input.node();
            if (producer == null) {
                input.accumulateLeafGrad(grad);
            } else if (producer.pendingGrad == null) {
                producer.pendingGrad = grad;
                producer.pendingOwned = false;
            } else if (producer.pendingOwned) {
                producer.pendingGrad.addi(grad);
            } else {
                producer.pendingGrad = producer.pendingGrad.add(grad);
                producer.pendingOwned = true;
            }
        }
    }
}
