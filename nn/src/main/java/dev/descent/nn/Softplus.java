package dev.descent.nn;

import dev.descent.autograd.Variable;

/**
 * A smooth ReLU, as PyTorch's {@code nn.Softplus(beta=1, threshold=20)}:
 *
 * <pre>  y = (1/β)·ln(1 + e^(β·x)),   ∂y/∂x = σ(β·x)</pre>
 *
 * and {@code y = x} (∂y/∂x = 1) where {@code β·x > threshold}: there the two agree to float precision for the
 * default threshold, and the exponential would overflow.
 */
public final class Softplus extends Module {
    private final float beta;
    private final float threshold;

    /** β = 1, threshold 20. */
    public Softplus() {
        this(1.0);
    }

    /** threshold 20. */
    public Softplus(double beta) {
        this(beta, 20.0);
    }

    public Softplus(double beta, double threshold) {
        if (!(beta > 0) || Double.isInfinite(beta) || Double.isNaN(threshold)) {
            throw new IllegalArgumentException("Softplus: beta must be positive and finite and threshold a number, "
                    + "got beta=" + beta + " threshold=" + threshold);
        }
        this.beta = (float) beta;
        this.threshold = (float) threshold;
    }

    @Override
    public Variable forward(Variable input) {
        return input.softplus(beta, threshold);
    }

    @Override
    protected String extraRepr() {
        return "beta=" + beta + ", threshold=" + threshold;
    }
}
