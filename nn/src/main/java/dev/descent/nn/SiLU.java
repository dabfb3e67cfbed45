package dev.descent.nn;

import dev.descent.autograd.Variable;

/**
 * The sigmoid-weighted linear unit (Elfwing et al., 2017; Ramachandran et al.'s "Swish" with β = 1), as PyTorch's
 * {@code nn.SiLU}: the input gated by its own sigmoid.
 *
 * <pre>  y = x·σ(x) = x / (1 + e⁻ˣ),   ∂y/∂x = σ(x)·(1 + x·(1 − σ(x)))</pre>
 */
public final class SiLU extends Module {

    @Override
    public Variable forward(Variable input) {
        return apply(input);
    }

    /** The operation on its own, as PyTorch's {@code F.silu}. */
    public static Variable apply(Variable input) {
        return input.silu();
    }
}
