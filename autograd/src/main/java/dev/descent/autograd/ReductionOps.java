package dev.descent.autograd;

import dev.descent.core.Shape;
import dev.descent.core.Tensor;

/**
 * Reductions over all elements or along one axis, and the softmax family, with their derivatives. {@code g} is
 * {@code ∂L/∂y}; "spread along the axis" means {@code g} with the reduced axis restored (size 1) and broadcast back to
 * the input's shape, because every input element along the axis fed the same output element.
 */
public final class ReductionOps {
    private ReductionOps() {
    }

    /** {@code y = Σᵢ xᵢ}, a scalar of shape {@code []};  ∂y/∂xᵢ = 1, so every element receives g. */
    public static Variable sum(Variable x) {
        Shape s = x.shape();
        return Variable.fromOp("sum", Tensor.scalar(x.value().sum()),
                (g, grads) -> grads.addFresh(0, Tensor.full(g.item(), s)), x);
    }

    /** {@code y = Σ x} along {@code axis} (kept with size 1 if {@code keepDims});  ∂L/∂x = g spread along the axis. */
    public static Variable sum(Variable x, int axis, boolean keepDims) {
        Shape s = x.shape();
        int ax = s.axis("sum", axis);
        return Variable.fromOp("sum", x.value().sum(ax, keepDims), (g, grads) -> grads.addFresh(0, spread(g, s, ax)), x);
    }

    /** {@code y = (1/n)·Σᵢ xᵢ}, a scalar;  ∂y/∂xᵢ = 1/n. */
    public static Variable mean(Variable x) {
        Shape s = x.shape();
        return Variable.fromOp("mean", Tensor.scalar(x.value().mean()),
                (g, grads) -> grads.addFresh(0, Tensor.full(g.item() / s.size(), s)), x);
    }

    /** {@code y = (1/n)·Σ x} along {@code axis} of size n;  ∂L/∂x = g/n spread along the axis. */
    public static Variable mean(Variable x, int axis, boolean keepDims) {
        Shape s = x.shape();
        int ax = s.axis("mean", axis);
        return Variable.fromOp("mean", x.value().mean(ax, keepDims),
                (g, grads) -> grads.addFresh(0, spread(g, s, ax).muli(1f / s.dim(ax))), x);
    }

    /**
     * {@code y = maxᵢ xᵢ}, a scalar;  the gradient goes to the maximal element, split equally among ties (as
     * PyTorch's {@code max()} without a dimension).
     */
    public static Variable max(Variable x) {
        Tensor xv = x.value();
        float m = xv.max();
        return Variable.fromOp("max", Tensor.scalar(m), (g, grads) -> {
            int ties = 0;
            for (int i = 0; i < xv.size(); i++) {
                ties += xv.getFlat(i) == m ? 1 : 0;
            }
            float share = g.item() / ties;
            grads.addFresh(0, Pointwise.map(xv, v -> v == m ? share : 0f));
        }, x);
    }

    /**
     * {@code y = max x} along {@code axis};  the gradient of each output goes to the first maximal element along the
     * axis (the one {@link Tensor#argmax(int)} picks, as PyTorch's {@code max(dim)} on CPU), the others get 0.
     */
    public static Variable max(Variable x, int axis, boolean keepDims) {
        Tensor xv = x.value();
        int ax = xv.shape().axis("max", axis);
        return Variable.fromOp("max", xv.max(ax, keepDims), (g, grads) -> {
            Shape s = xv.shape();
            int n = s.dim(ax), inner = s.innerSize(ax);
            int[] winner = xv.argmax(ax);
            Tensor dx = Tensor.zeros(s);
            float[] d = dx.array();
            for (int r = 0; r < winner.length; r++) { // r = o·inner + i over the reduced shape
                int o = r / inner, i = r % inner;
                d[(o * n + winner[r]) * inner + i] = g.getFlat(r);
            }
            grads.addFresh(0, dx);
        }, x);
    }

    /** {@code yᵢ = e^(xᵢ) / Σⱼ e^(xⱼ)} along {@code axis};  ∂L/∂xᵢ = yᵢ·(gᵢ − Σⱼ gⱼ·yⱼ). */
    public static Variable softmax(Variable x, int axis) {
        int ax = x.shape().axis("softmax", axis);
        Tensor y = x.value().softmax(ax);
        return Variable.fromOp("softmax", y, (g, grads) -> {
            Tensor gy = g.mul(y);
            grads.addFresh(0, gy.subi(y.mul(gy.sum(ax, true))));
        }, x);
    }

    /** {@code yᵢ = xᵢ − log Σⱼ e^(xⱼ)} along {@code axis};  ∂L/∂xᵢ = gᵢ − e^(yᵢ)·Σⱼ gⱼ (e^y is the softmax). */
    public static Variable logSoftmax(Variable x, int axis) {
        int ax = x.shape().axis("logSoftmax", axis);
        Tensor y = x.value().logSoftmax(ax);
        return Variable.fromOp("logSoftmax", y,
                (g, grads) -> grads.addFresh(0, g.sub(y.exp().muli(g.sum(ax, true)))), x);
    }

    /**
     * {@code y = log Σᵢ e^(xᵢ)} along {@code axis};  ∂y/∂xᵢ = e^(xᵢ − y), the softmax, so ∂L/∂x = g·softmax(x).
     * The softmax is computed as {@code e^(xᵢ − m)/Σⱼ e^(xⱼ − m)} with m the maximum, not as {@code e^(xᵢ − y)}:
     * {@code x − m} is exact for the largest elements, while y, rounded to float, would carry its rounding error
     * (6·10⁻⁵ for y near 1000) into every exponential.
     */
    public static Variable logSumExp(Variable x, int axis, boolean keepDims) {
        Tensor xv = x.value();
        Shape s = xv.shape();
        int ax = s.axis("logSumExp", axis);
        Tensor y = xv.logSumExp(ax, keepDims);
        return Variable.fromOp("logSumExp", y, (g, grads) -> grads.addFresh(0, xv.softmax(ax).muli(spread(g, s, ax))),
                x);
    }

    /** {@code g} (the gradient of a reduction along {@code axis}) with that axis restored and broadcast to {@code s}. */
    private static Tensor spread(Tensor g, Shape s, int axis) {
        return g.reshape(s.reduce(axis, true)).broadcastTo(s);
    }
}
