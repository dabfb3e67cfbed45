package dev.descent.autograd;

import dev.descent.core.Shape;
import dev.descent.core.Tensor;

/**
 * One recorded operation in the graph: its name, its inputs, how to send gradient back to them, and — while a
 * backward pass runs — the gradient that has arrived for its output so far.
 */
final class Node {
    final String op;
    final Shape outShape;
    private Variable[] inputs;
    private Backward backward;
    /** ∂L/∂out accumulated during a backward pass; null outside one. */
    Tensor pendingGrad;
    /** Whether {@link #pendingGrad} is a tensor this node allocated (and so may add into in place). */
    boolean pendingOwned;
    /** The backward pass that last visited this node (to walk each node once without a hash set). */
    long visitMark;
    private boolean freed;

    Node(String op, Shape outShape, Variable[] inputs, Backward backward) {
        this.op = op;
        this.outShape = outShape;
        this.inputs = inputs;
        this.backward = backward;
    }

    Variable[] inputs() {
        if (freed) {
            throw new IllegalStateException("backward: the graph through '" + op + "' " + outShape
                    + " was freed by an earlier backward(); call backward(seed, true) the first time to go back"
                    + " through a graph twice");
        }
        return inputs;
    }

    Backward backward() {
        inputs();
        return backward;
    }

    boolean freed() {
        return freed;
    }

    /** Drops the inputs and the closure (and with them every saved tensor), so the graph can be collected. */
    void free() {
        freed = true;
        inputs = null;
        backward = null;
        pendingGrad = null;
    }
}
