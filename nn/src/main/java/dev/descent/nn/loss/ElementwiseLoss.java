package dev.descent.nn.loss;

import dev.descent.autograd.Variable;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;

/**
 * What the losses that compare a prediction and a target element by element share: their checks, and their one fused
 * operation — items {@code ℓₖ} (times an optional weight {@code wₖ}) reduced, and a backward writing
 * {@code ∂L/∂xₖ = ℓ′ₖ·wₖ·∂L/∂ℓₖ} from each loss's own slope {@code ℓ′ₖ}.
 */
final class ElementwiseLoss {
    private ElementwiseLoss() {
    }

    /** Requires equal shapes: PyTorch only warns when they differ, but a broadcast target is almost always a bug. */
    static void requireSameShape(String op, Tensor prediction, Tensor target) {
        if (!prediction.shape().equals(target.shape())) {
            throw new IllegalArgumentException(op + ": target shape " + target.shape()
                    + " differs from prediction shape " + prediction.shape());
        }
    }

    /**
     * The weight {@code w} broadcast to {@code shape}, flat; null for null (every element weighs 1).
     *
     * @param input what the weighed tensor holds, for the message: "logits", "probabilities"
     */
    static float[] broadcastWeight(String op, String what, Tensor w, String input, Shape shape) {
        if (w == null) {
            return null;
        }
        if (!w.shape().broadcastsTo(shape)) {
            throw new IllegalArgumentException(op + ": " + what + " of shape " + w.shape()
                    + " does not broadcast to the " + input + "' shape " + shape);
        }
        return w.broadcastTo(shape).toArray();
    }

    /** {@code ∂ℓₖ/∂xₖ} of an element-by-element loss, before any weight: evaluated only when backward runs. */
    @FunctionalInterface
    interface Slope {
        float at(int k);
    }

    /**
     * The loss {@code op} of {@code input} as one operation: items {@code losses[k]·weights[k]} ({@code weights} null:
     * 1) reduced by {@code reduction} — MEAN dividing by {@code count} — and the gradient
     * {@code slope(k)·weights[k]·∂L/∂ℓₖ}.
     */
    static Variable fuse(String op, Reduction reduction, Variable input, double[] losses, float[] weights,
                         double count, Slope slope) {
        Shape shape = input.shape();
        int n = losses.length;
        float[] items = reduction == Reduction.NONE ? new float[n] : null;
        double total = 0;
        for (int k = 0; k < n; k++) {
            double l = weights == null ? losses[k] : losses[k] * weights[k];
            total += l;
            if (items != null) {
                items[k] = (float) l;
            }
        }
        Tensor out = reduction.output(total, items, count, shape);
        return Variable.fromOp(op, out, (gradOut, grads) -> {
            Tensor dx = Tensor.zeros(shape);
            float[] g = dx.array();
            for (int k = 0; k < n; k++) {
                g[k] = slope.at(k) * (weights == null ? 1f : weights[k]) * reduction.itemGrad(gradOut, k, count);
            }
            grads.addFresh(0, dx);
        }, input);
    }
}
