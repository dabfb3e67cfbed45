package dev.descent.autograd;

import dev.descent.core.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reverse-mode differentiation over the recorded graph.
 *
 * <p>First the nodes reachable from the root are put in topological order — an iterative depth-first search with an
 * explicit stack, so a chain of a million operations cannot overflow the Java stack, visiting inputs in the order
 * they were given, so the order is the same on every run. Then, from the root towards the leaves, each node's
 * backward turns the gradient of its output (complete by then: every consumer comes earlier in the order) into
 * gradients of its inputs. Finally each node is freed unless the caller retains the graph.
 */
final class Engine {
    private static final AtomicLong PASSES = new AtomicLong();

    private Engine() {
    }

    static void backward(Variable root, Tensor seed, boolean retainGraph) {
        Node top = root.node();
        if (top == null) {
            root.accumulateLeafGrad(seed);
            return;
        }
        List<Node> order = topologicalOrder(top, PASSES.incrementAndGet());
        top.pendingGrad = seed;
        top.pendingOwned = false;
        Router router = new Router();
        for (Node node : order) {
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
    }

    /** Nodes reachable from {@code root}, each after every node that consumes its output (root first). */
    static List<Node> topologicalOrder(Node root, long pass) {
        List<Node> postOrder = new ArrayList<>();
        Node[] stack = new Node[64];
        int[] nextInput = new int[64];
        int top = 0;
        stack[0] = root;
        root.visitMark = pass;
        top = 1;
        while (top > 0) {
            Node node = stack[top - 1];
            Variable[] inputs = node.inputs();
            if (nextInput[top - 1] < inputs.length) {
                Node child = inputs[nextInput[top - 1]++].node();
                if (child != null && child.visitMark != pass) {
                    child.visitMark = pass;
                    if (top == stack.length) {
                        stack = java.util.Arrays.copyOf(stack, top * 2);
                        nextInput = java.util.Arrays.copyOf(nextInput, top * 2);
                    }
                    stack[top] = child;
                    nextInput[top] = 0;
                    top++;
                }
            } else {
                postOrder.add(node);
                top--;
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
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
            if (!grad.shape().equals(input.shape())) {
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
