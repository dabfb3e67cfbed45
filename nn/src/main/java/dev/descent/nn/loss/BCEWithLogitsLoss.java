package dev.descent.nn.loss;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;

/**
 * Binary cross-entropy of logits, as PyTorch's {@code nn.BCEWithLogitsLoss}: a fused sigmoid and cross-entropy for
 * targets {@code t ∈ [0, 1]}, element by element. With {@code σ(x) = 1/(1 + e⁻ˣ)},
 *
 * <pre>  ℓₖ = −tₖ·log σ(xₖ) − (1 − tₖ)·log(1 − σ(xₖ)) = max(xₖ, 0) − xₖ·tₖ + log(1 + e^(−|xₖ|))</pre>
 *
 * — the right-hand form never exponentiates a positive number, so it neither overflows nor loses the loss of a
 * confidently wrong logit to {@code log 0}. The derivative is simply
 *
 * <pre>  ∂ℓₖ/∂xₖ = σ(xₖ) − tₖ</pre>
 *
 * and the elements are reduced by {@link Reduction} (mean by default).
 */
public final class BCEWithLogitsLoss implements Loss {
    private final Reduction reduction;

    /** The mean over all elements. */
    public BCEWithLogitsLoss() {
        this(Reduction.MEAN);
    }

    public BCEWithLogitsLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    @Override
    public Variable forward(Variable logits, Tensor target) {
        Tensor x = logits.value();
        ElementwiseLoss.requireSameShape("binary_cross_entropy_with_logits", x, target);
        int n = x.size();
        float[] xs = x.toArray();
        float[] ts = target.toArray();
        float[] items = reduction == Reduction.NONE ? new float[n] : null;
        double total = 0;
        for (int k = 0; k < n; k++) {
            double v = xs[k];
            double l = Math.max(v, 0) - v * ts[k] + Math.log1p(Math.exp(-Math.abs(v)));
            total += l;
            if (items != null) {
                items[k] = (float) l;
            }
        }
        Tensor out = reduction.output(total, items, n, x.shape());
        return Variable.fromOp("binary_cross_entropy_with_logits", out, (gradOut, grads) -> {
            Tensor dx = Tensor.zeros(x.shape());
            float[] g = dx.array();
            for (int k = 0; k < n; k++) {
                g[k] = (sigmoid(xs[k]) - ts[k]) * reduction.itemGrad(gradOut, k, n);
            }
            grads.addFresh(0, dx);
        }, logits);
    }

    /** σ(x), forming e^(−|x|) only, so it never overflows. */
    static float sigmoid(float x) {
        double e = Math.exp(-Math.abs((double) x));
        return (float) (x >= 0 ? 1 / (1 + e) : e / (1 + e));
    }

    @Override
    public String toString() {
        return "BCEWithLogitsLoss(reduction=" + reduction + ")";
    }
}
