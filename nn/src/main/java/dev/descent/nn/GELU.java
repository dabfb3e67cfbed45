package dev.descent.nn;

import dev.descent.autograd.Variable;

/**
 * The Gaussian error linear unit (Hendrycks &amp; Gimpel, 2016), as PyTorch's {@code nn.GELU}: the input weighted by
 * the probability that a standard normal variable lies below it.
 *
 * <pre>
 *   exact (default):  y = x·Φ(x) = ½·x·(1 + erf(x/√2)),            ∂y/∂x = Φ(x) + x·φ(x)
 *   "tanh":           y = ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))  (differentiated through its operations)
 * </pre>
 *
 * with Φ and φ the standard normal distribution and density.
 */
public final class GELU extends Module {
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);

    private final boolean tanhApproximation;

    /** The exact form. */
    public GELU() {
        this("none");
    }

    /**
     * @param approximate {@code "none"} for the exact form, {@code "tanh"} for the tanh approximation (PyTorch's
     *                    names)
     */
    public GELU(String approximate) {
        if (!approximate.equals("none") && !approximate.equals("tanh")) {
            throw new IllegalArgumentException("GELU: approximate must be \"none\" or \"tanh\", got \"" + approximate
                    + "\"");
        }
        this.tanhApproximation = approximate.equals("tanh");
    }

    @Override
    public Variable forward(Variable input) {
        if (!tanhApproximation) {
            return input.gelu();
        }
        Variable inner = input.add(input.pow(3f).mul(0.044715f)).mul(SQRT_2_OVER_PI);
        return input.mul(inner.tanh().add(1f)).mul(0.5f);
    }

    @Override
    protected String extraRepr() {
        return "approximate='" + (tanhApproximation ? "tanh" : "none") + "'";
    }
}
