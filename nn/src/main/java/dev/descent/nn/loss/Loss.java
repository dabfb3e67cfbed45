package dev.descent.nn.loss;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;

/**
 * A loss function: how far a prediction is from a target, as a differentiable value whose {@code backward()} starts
 * training. Each implementation is one fused operation whose backward computes the gradient directly.
 */
public interface Loss {
    /**
     * The loss of {@code prediction} (the network's output) against {@code target}.
     *
     * @throws IllegalArgumentException if the target does not fit the prediction, naming both shapes or the bad value
     */
    Variable forward(Variable prediction, Tensor target);
}
