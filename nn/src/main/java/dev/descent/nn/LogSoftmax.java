package dev.descent.nn;

import dev.descent.autograd.Variable;

/**
 * The logarithm of the softmax along a dimension, as PyTorch's {@code nn.LogSoftmax(dim)}: scores to
 * log-probabilities,
 *
 * <pre>  yᵢ = xᵢ − m − log Σⱼ e^(xⱼ − m),  m = maxⱼ xⱼ,   ∂L/∂xᵢ = ∂L/∂yᵢ − e^(yᵢ)·Σⱼ ∂L/∂yⱼ</pre>
 *
 * — computed without forming the softmax's tiny values, so a very unlikely class keeps a finite log-probability. Its
 * output feeds {@link dev.descent.nn.loss.NLLLoss} or {@link dev.descent.nn.loss.KLDivLoss}; for a classifier's
 * logits, {@link dev.descent.nn.loss.CrossEntropyLoss} fuses this layer with NLLLoss.
 */
public final class LogSoftmax extends Module {
    private final int dim;

    /** Log-softmax over dimension {@code dim} (negative counts from the end; −1 is the class dimension of [N, C]). */
    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Variable forward(Variable input) {
        return input.logSoftmax(dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
