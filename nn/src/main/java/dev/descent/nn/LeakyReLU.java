package dev.descent.nn;

import dev.descent.autograd.Variable;

/**
 * The leaky rectified linear unit, as PyTorch's {@code nn.LeakyReLU(negative_slope)}: negative inputs keep a small
 * slope {@code α}, so their units never stop learning.
 *
 * <pre>  y = x for x > 0, else α·x,   ∂y/∂x = 1 for x > 0, else α</pre>
 */
public final class LeakyReLU extends Module {
    private final float slope;

    /** PyTorch's default slope, 0.01. */
    public LeakyReLU() {
        this(0.01);
    }

    public LeakyReLU(double negativeSlope) {
        this.slope = (float) negativeSlope;
    }

    @Override
    public Variable forward(Variable input) {
        return input.leakyRelu(slope);
    }

    @Override
    protected String extraRepr() {
        return "negative_slope=" + slope;
    }
}
