package dev.descent.nn.loss;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;

/**
 * Binary cross-entropy of logits, as PyTorch's {@code nn.BCEWithLogitsLoss}: a fused sigmoid and cross-entropy for
 * targets {@code t ∈ [0, 1]}, element by element. With {@code σ(x) = 1/(1 + e⁻ˣ)}, an optional weight {@code w} per
 * element and an optional weight {@code p} of the positive class ({@code pos_weight}; both default to 1 and broadcast
 * to the logits' shape — {@code p} of shape {@code [C]} weighs each of C binary labels),
 *
 * <pre>
 *   ℓₖ = −wₖ·[pₖ·tₖ·log σ(xₖ) + (1 − tₖ)·log(1 − σ(xₖ))]
 *      = wₖ·[(1 − tₖ)·xₖ + (1 + (pₖ − 1)·tₖ)·(log(1 + e^(−|xₖ|)) + max(−xₖ, 0))]
 * </pre>
 *
 * — the second form, PyTorch's, never exponentiates a positive number, so it neither overflows nor loses the loss of
 * a confidently wrong logit to {@code log 0} ({@code log(1 + e^(−|x|)) + max(−x, 0) = −log σ(x)}). The derivative is
 *
 * <pre>  ∂ℓₖ/∂xₖ = wₖ·[(1 + (pₖ − 1)·tₖ)·σ(xₖ) − pₖ·tₖ]   (σ(xₖ) − tₖ without weights)</pre>
 *
 * and the elements are reduced by {@link Reduction} (mean over all elements by default, whatever the weights, as
 * PyTorch).
 */
public final class BCEWithLogitsLoss implements Loss {
    private static final String OP = "binary_cross_entropy_with_logits";

    private final Reduction reduction;
    private final Tensor weight;    // null: 1
    private final Tensor posWeight; // null: 1

    /** The mean over all elements. */
    public BCEWithLogitsLoss() {
        this(Reduction.MEAN);
    }

    public BCEWithLogitsLoss(Reduction reduction) {
        this(reduction, null, null);
    }

    private BCEWithLogitsLoss(Reduction reduction, Tensor weight, Tensor posWeight) {
        this.reduction = reduction;
        this.weight = weight;
        this.posWeight = posWeight;
    }

    /** This loss with each element's loss scaled by {@code weight}, which must broadcast to the logits' shape. */
    public BCEWithLogitsLoss withWeight(Tensor weight) {
        return new BCEWithLogitsLoss(reduction, weight.copy(), posWeight);
    }

    /**
     * This loss with the positive term scaled by {@code posWeight} (PyTorch's {@code pos_weight}: {@code > 1} raises
     * recall), which must broadcast to the logits' shape — typically a vector of one weight per label.
     */
    public BCEWithLogitsLoss withPosWeight(Tensor posWeight) {
        return new BCEWithLogitsLoss(reduction, weight, posWeight.copy());
    }

    @Override
    public Variable forward(Variable logits, Tensor target) {
        Tensor x = logits.value();
        ElementwiseLoss.requireSameShape(OP, x, target);
        int n = x.size();
        float[] xs = x.toArray();
        float[] ts = target.toArray();
        float[] ws = ElementwiseLoss.broadcastWeight(OP, "weight", weight, "logits", x.shape());
        float[] ps = ElementwiseLoss.broadcastWeight(OP, "pos_weight", posWeight, "logits", x.shape());
        double[] losses = new double[n];
        for (int k = 0; k < n; k++) {
            double v = xs[k], t = ts[k];
            double logWeight = ps == null ? 1 : 1 + (ps[k] - 1) * t;
            losses[k] = (1 - t) * v + logWeight * (Math.log1p(Math.exp(-Math.abs(v))) + Math.max(-v, 0));
        }
        return ElementwiseLoss.fuse(OP, reduction, logits, losses, ws, n, k -> {
            float pt = ps == null ? ts[k] : ps[k] * ts[k];
            return ps == null ? sigmoid(xs[k]) - ts[k] : (pt + 1 - ts[k]) * sigmoid(xs[k]) - pt;
        });
    }

    /** σ(x), forming e^(−|x|) only, so it never overflows. */
    static float sigmoid(float x) {
        double e = Math.exp(-Math.abs((double) x));
        return (float) (x >= 0 ? 1 / (1 + e) : e / (1 + e));
    }

    @Override
    public String toString() {
        return "BCEWithLogitsLoss(reduction=" + reduction + (weight != null ? ", weight " + weight.shape() : "")
                + (posWeight != null ? ", pos_weight " + posWeight.shape() : "") + ")";
    }
}
