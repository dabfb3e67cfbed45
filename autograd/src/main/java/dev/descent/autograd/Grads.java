package dev.descent.autograd;

import dev.descent.core.Tensor;

/** Where a {@link Backward} sends the gradients of its inputs, in the order the inputs were given. */
public interface Grads {
    /** Whether input {@code i} needs a gradient (it, or something it was computed from, requires one). */
    boolean needs(int i);

    /**
     * Adds {@code grad} (shaped like input {@code i}) to input i's gradient. The engine may keep the tensor rather
     * than copy it, so it must not be modified afterwards.
     *
     * @throws IllegalStateException if the shape differs from input i's — a bug in the operation, named in the message
     */
    void add(int i, Tensor grad);

    /**
     * As {@link #add}, for a tensor this backward has just allocated and hands over: nothing else holds it, so the
     * engine may adopt it as a leaf's gradient, or add later contributions into it in place, instead of copying.
     * Use {@link #add} for anything that may be shared — {@code gradOut} itself, a view of it, a saved tensor.
     */
    default void addFresh(int i, Tensor grad) {
        add(i, grad);
    }

    /**
     * Whether {@code gradOut} belongs to this backward: an earlier backward handed it over ({@link #addFresh}) and
     * nothing else holds it. The backward may then write its result into {@code gradOut} — an element-wise one that
     * reads each element before it writes it — or hand {@code gradOut} itself on to one input with {@link #addFresh}
     * (never both, and never to two inputs), instead of allocating; a graph of scalars then allocates almost nothing
     * in its backward pass. False in anomaly mode, which compares each gradient with {@code gradOut} afterwards.
     */
    default boolean ownsGradOut() {
        return false;
    }

    /**
     * The value of input {@code i} as the forward used it, so that a backward need not capture it (a closure that
     * captures nothing is allocated once, not once per node).
     */
    default Tensor input(int i) {
        throw new UnsupportedOperationException("this Grads does not expose the inputs' values");
    }

    /** The value the forward produced. */
    default Tensor output() {
        throw new UnsupportedOperationException("this Grads does not expose the output's value");
    }
}
