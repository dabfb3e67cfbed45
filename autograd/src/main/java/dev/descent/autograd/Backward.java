package dev.descent.autograd;

import dev.descent.core.Tensor;

/**
 * The backward half of a differentiable operation: given {@code ∂L/∂out}, add each input's share of the gradient,
 * {@code ∂L/∂input_i = (∂out/∂input_i)ᵀ · ∂L/∂out}, through {@link Grads#add}.
 *
 * <p>This is micrograd's closure ({@code input.grad += local_derivative * out.grad}) with two refinements: it may
 * skip inputs for which {@link Grads#needs} is false (a data batch never needs a gradient, which saves a whole
 * matrix product in the first layer), and it must treat {@code gradOut} as read-only, because the same tensor may be
 * handed to several operations — unless {@link Grads#ownsGradOut} says that this time it is not.
 */
@FunctionalInterface
public interface Backward {
    void apply(Tensor gradOut, Grads grads);
}
