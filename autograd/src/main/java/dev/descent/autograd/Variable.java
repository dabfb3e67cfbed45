package dev.descent.autograd;

import dev.descent.core.Shape;
import dev.descent.core.Tensor;

import java.util.Objects;

/**
 * A value in a computation that can be differentiated: a core {@link Tensor}, its gradient, whether it requires one,
 * and the operation that produced it.
 *
 * <p>Leaves are made directly — {@link #parameter} for trainable weights, {@link #constant} for inputs and
 * targets. Every differentiable operation makes an interior variable through {@link #fromOp}, which records a node
 * when grad mode is on ({@link NoGrad}) and some input requires a gradient. {@link #backward()} then walks the
 * recorded graph from this value back to the leaves, adding into each leaf's {@link #grad()}.
 *
 * <p>Gradients accumulate, as in PyTorch: a second backward adds to what the first left, so call {@link #zeroGrad}
 * (or the optimizer's) between steps.
 */
public final class Variable {
    private final Tensor value;
    private final boolean requiresGrad;
    private Node node;
    private Tensor grad;
    private String name;

    private Variable(Tensor value, boolean requiresGrad, Node node) {
        this.value = Objects.requireNonNull(value, "value");
        this.requiresGrad = requiresGrad;
        this.node = node;
    }

    /** A leaf that requires a gradient: a trainable parameter. */
    public static Variable parameter(Tensor value) {
        return new Variable(value, true, null);
    }

    /** A leaf that requires no gradient: data, targets, masks. */
    public static Variable constant(Tensor value) {
        return new Variable(value, false, null);
    }

    /** A leaf that requires a gradient or not, as asked. */
    public static Variable leaf(Tensor value, boolean requiresGrad) {
        return new Variable(value, requiresGrad, null);
    }

    /**
     * The result of a differentiable operation. If grad mode is on and any input requires a gradient, a node is
     * recorded so that {@link #backward()} will call {@code backward} with this value's gradient; otherwise the result
     * is a constant and {@code backward} is dropped.
     *
     * @param op       the operation's name, for graphs and error messages
     * @param value    the forward result, computed by the caller
     * @param backward sends ∂L/∂value to the inputs (see {@link Backward})
     * @param inputs   the operands, in the order {@link Grads} numbers them
     */
    public static Variable fromOp(String op, Tensor value, Backward backward, Variable... inputs) {
        Anomaly.checkForward(op, value, inputs);
        if (!NoGrad.isGradEnabled()) {
            return new Variable(value, false, null);
        }
        boolean any = false;
        for (Variable in : inputs) {
            any |= in.requiresGrad;
        }
        if (!any) {
            return new Variable(value, false, null);
        }
        return new Variable(value, true, new Node(op, value.shape(), inputs, backward));
    }

    /** The value. Optimizers update it in place. */
    public Tensor value() {
        return value;
    }

    /** The shape of the value. */
    public Shape shape() {
        return value.shape();
    }

    /** The accumulated gradient ∂L/∂this of a leaf after {@link #backward()}, or null if none has arrived. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (null clears it); it must have this variable's shape. */
    public void setGrad(Tensor grad) {
        if (grad != null && !grad.shape().equals(value.shape())) {
            throw new IllegalArgumentException("setGrad: gradient shape " + grad.shape() + " differs from value shape "
                    + value.shape() + (name != null ? " of '" + name + "'" : ""));
        }
        this.grad = grad;
    }

    /** Clears the gradient (to null, as PyTorch's {@code zero_grad(set_to_none=True)}). */
    public void zeroGrad() {
        grad = null;
    }

    /** Whether gradients flow to this variable. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Whether this variable was made directly rather than by an operation. */
    public boolean isLeaf() {
        return node == null;
    }

    /** The name of the operation that made this variable, or null for a leaf. */
    public String op() {
        return node == null ? null : node.op;
    }

    /** A new leaf sharing this value, cut from the graph: no gradient flows through it. */
    public Variable detach() {
        return new Variable(value, false, null);
    }

    /** An optional name for graphs and messages (parameters get their state-dict names). */
    public String name() {
        return name;
    }

    /** Sets the name; returns this. */
    public Variable named(String name) {
        this.name = name;
        return this;
    }

    Node node() {
        return node;
    }

    /**
     * Adds {@code g} into this leaf's gradient. The first arrival is copied, so that a leaf never shares its gradient
     * tensor with another variable (clipping scales gradients in place).
     */
    void accumulateLeafGrad(Tensor g) {
        if (grad == null) {
            grad = g.copy();
        } else {
            grad.addi(g);
        }
    }

    /** Backward from a scalar (one-element) value: computes ∂this/∂leaf for every leaf, then frees the graph. */
    public void backward() {
        if (value.size() != 1) {
            throw new IllegalStateException("backward: value of shape " + value.shape() + " is not a scalar; call "
                    + "backward(seed) with a gradient of that shape" + (node != null ? " (made by '" + node.op + "')" : ""));
        }
        backward(Tensor.full(1f, value.shape()), false);
    }

    /** Backward from a non-scalar value, with {@code seed} = ∂L/∂this; frees the graph afterwards. */
    public void backward(Tensor seed) {
        backward(seed, false);
    }

    /**
     * Backward with {@code seed} = ∂L/∂this. With {@code retainGraph} the graph is kept, so backward can run through
     * it again; otherwise its intermediates become collectable and a second pass fails with a clear message.
     */
    public void backward(Tensor seed, boolean retainGraph) {
        if (!seed.shape().equals(value.shape())) {
            throw new IllegalArgumentException("backward: seed shape " + seed.shape() + " differs from value shape "
                    + value.shape());
        }
        if (!requiresGrad) {
            throw new IllegalStateException("backward: this value does not require a gradient (no input of the "
                    + "computation requires one, or it was computed under NoGrad)");
        }
        Engine.backward(this, seed, retainGraph);
    }

    @Override
    public String toString() {
        String label = name != null ? name : node != null ? node.op : requiresGrad ? "parameter" : "constant";
        return "Variable(" + label + ", " + value + ")";
    }
}
