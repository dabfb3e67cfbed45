package dev.descent.nn;

import dev.descent.autograd.Variable;

/**
 * The hyperbolic tangent, as PyTorch's {@code nn.Tanh}:
 *
 * <pre>  y = tanh x = (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ),   ∂y/∂x = 1 − y²</pre>
 */
public final class Tanh extends Module {
    @Override
    public Variable forward(Variable input) {
        return input.tanh();
    }
}
