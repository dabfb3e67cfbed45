package dev.descent.nn;

import dev.descent.autograd.Variable;

/**
 * The rectified linear unit, as PyTorch's {@code nn.ReLU}:
 *
 * <pre>  y = max(x, 0),   ∂y/∂x = 1 for x > 0, else 0   (0 at the kink, as PyTorch)</pre>
 */
public final class ReLU extends Module {
    @Override
    public Variable forward(Variable input) {
        return input.relu();
    }
}
