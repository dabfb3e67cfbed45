package dev.descent.nn;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import dev.descent.core.kernel.BinaryOp;
import dev.descent.core.kernel.Kernels;
import dev.descent.core.kernel.UnaryOp;

/**
 * The rectified linear unit, as PyTorch's {@code nn.ReLU}:
 *
 * <pre>  y = max(x, 0),   ∂L/∂x = 0 where x ≤ 0, else ∂L/∂y   (0 at the kink, as PyTorch)</pre>
 *
 * <p>The same function as {@link Variable#relu()}, written as one fused operation whose forward and backward passes
 * are each one SIMD pass of core's kernels, shared over the threads for large inputs ({@link Pieces}). The
 * backward is core's {@link BinaryOp#RELU_BACKWARD}, PyTorch's {@code threshold_backward}: the gradient passes
 * where x is NaN.
 */
public final class ReLU extends Module {
    private static final Kernels K = FusedKernels.CORE;

    @Override
    public Variable forward(Variable input) {
        Tensor x = input.value();
        float[] xs = x.array();
        int xo = x.offset();
        Tensor y = Tensor.zeros(x.shape());
        float[] ya = y.array();
        Pieces.forEach(x.size(), (from, to) -> K.unary(UnaryOp.RELU, xs, xo + from, ya, from, to - from));
        return Variable.fromOp("relu", y, (gradOut, grads) -> {
            float[] g = gradOut.array();
            int go = gradOut.offset();
            Tensor dx = Tensor.zeros(x.shape());
            float[] d = dx.array();
            Pieces.forEach(x.size(), (from, to) -> K.binary(BinaryOp.RELU_BACKWARD, g, go + from, xs, xo + from, d, from,
                    to - from));
            grads.addFresh(0, dx);
        }, input);
    }
}
