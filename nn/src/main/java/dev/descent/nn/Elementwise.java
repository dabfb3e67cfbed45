package dev.descent.nn;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;

import java.util.function.DoubleUnaryOperator;

/**
 * An element-wise function {@code y = f(x)} and its derivative as one autograd node, for the activations autograd has
 * no operation of its own for (SiLU, ELU). Both are evaluated in double and rounded once to float, so each element is
 * as accurate as float allows; the backward pass is {@code ∂L/∂x = ∂L/∂y · f'(x)}.
 */
final class Elementwise {
    private Elementwise() {
    }

    /** {@code f(input)} element by element, recorded as the operation {@code name} with derivative {@code df}. */
    static Variable apply(String name, Variable input, DoubleUnaryOperator f, DoubleUnaryOperator df) {
        Tensor x = input.value();
        Tensor y = Tensor.zeros(x.shape());
        float[] xs = x.array(), ya = y.array();
        int xo = x.offset();
        Pieces.forEach(x.size(), (from, to) -> {
            for (int i = from; i < to; i++) {
                ya[i] = (float) f.applyAsDouble(xs[xo + i]);
            }
        });
        return Variable.fromOp(name, y, (gradOut, grads) -> {
            Tensor dx = Tensor.zeros(x.shape());
            float[] g = gradOut.array(), dxa = dx.array();
            int go = gradOut.offset();
            Pieces.forEach(x.size(), (from, to) -> {
                for (int i = from; i < to; i++) {
                    dxa[i] = (float) (g[go + i] * df.applyAsDouble(xs[xo + i]));
                }
            });
            grads.addFresh(0, dx);
        }, input);
    }
}
