package dev.descent.nn;

import dev.descent.autograd.Variable;

/**
 * The exponential linear unit (Clevert et al., 2015), as PyTorch's {@code nn.ELU(alpha)}: negative inputs saturate
 * smoothly at {@code −α}, which pushes the mean activation towards zero.
 *
 * <pre>  y = x for x > 0, else α·(eˣ − 1),   ∂y/∂x = 1 for x > 0, else α·eˣ</pre>
 *
 * (so {@code ∂y/∂x = α} at 0, as PyTorch).
 */
public final class ELU extends Module {
    private final double alpha;

    /** PyTorch's default α = 1. */
    public ELU() {
        this(1.0);
    }

    /** @param alpha the negative saturation value's magnitude, finite */
    public ELU(double alpha) {
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("ELU: alpha must be finite, got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public Variable forward(Variable input) {
        return apply(input, alpha);
    }

    /** The operation on its own, as PyTorch's {@code F.elu(input, alpha)}. */
    public static Variable apply(Variable input, double alpha) {
        return input.elu(alpha);
    }

    @Override
    protected String extraRepr() {
        return "alpha=" + alpha;
    }
}
