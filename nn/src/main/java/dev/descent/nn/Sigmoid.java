package dev.descent.nn;

import dev.descent.autograd.Variable;

/**
 * The logistic function, as PyTorch's {@code nn.Sigmoid}:
 *
 * <pre>  y = σ(x) = 1/(1 + e⁻ˣ),   ∂y/∂x = y·(1 − y)</pre>
 *
 * For a binary classifier's output prefer {@link dev.descent.nn.loss.BCEWithLogitsLoss} on the logits, which is
 * stable where {@code log σ(x)} is not.
 */
public final class Sigmoid extends Module {
    @Override
    public Variable forward(Variable input) {
        return input.sigmoid();
    }
}
