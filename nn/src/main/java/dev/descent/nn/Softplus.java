package dev.descent.nn;

import dev.descent.autograd.Variable;

/**
 * A smooth ReLU, as PyTorch's {@code nn.Softplus(beta, threshold=20)}:
 *
 * <pre>  y = (1/β)·ln(1 + e^(β·x)),   ∂y/∂x = σ(β·x)</pre>
 *
 * and {@code y = x} where {@code β·x > 20}, where the two agree in float and the exponential would overflow.
 */
public final class Softplus extends Module {
    private final float beta;

    /** β = 1. */
    public Softplus() {
        this(1.0);
    }

    public Softplus(double beta) {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("Softplus: beta must be positive and finite, got " + beta);
        }
        this.beta = (float) beta;
    }

    @Override
    public Variable forward(Variable input) {
        return beta == 1f ? input.softplus() : input.mul(beta).softplus().div(beta);
    }

    @Override
    protected String extraRepr() {
        return "beta=" + beta + ", threshold=20";
    }
}
