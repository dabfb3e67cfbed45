package dev.descent.nn;

import dev.descent.autograd.Variable;

/**
 * The softmax along a dimension, as PyTorch's {@code nn.Softmax(dim)}: scores to probabilities,
 *
 * <pre>  yᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m),  m = maxⱼ xⱼ,   ∂L/∂xᵢ = yᵢ·(∂L/∂yᵢ − Σⱼ yⱼ·∂L/∂yⱼ)</pre>
 *
 * For training a classifier, feed the logits to {@link dev.descent.nn.loss.CrossEntropyLoss} instead, which fuses
 * the softmax with the loss; this layer is for outputs that must be probabilities.
 */
public final class Softmax extends Module {
    private final int dim;

    /** Softmax over dimension {@code dim} (negative counts from the end; −1 is the class dimension of [N, C]). */
    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Variable forward(Variable input) {
        return input.softmax(dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
