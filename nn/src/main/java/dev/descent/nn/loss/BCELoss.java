package dev.descent.nn.loss;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;

/**
 * Binary cross-entropy of probabilities, as PyTorch's {@code nn.BCELoss}: for probabilities {@code xₖ ∈ [0, 1]} (a
 * {@link dev.descent.nn.Sigmoid}'s output) and targets {@code tₖ}, element by element, with an optional weight
 * {@code w} (default 1, broadcast to the input's shape),
 *
 * <pre>
 *   ℓₖ = −wₖ·[tₖ·max(log xₖ, −100) + (1 − tₖ)·max(log(1 − xₖ), −100)]
 *   ∂ℓₖ/∂xₖ = wₖ·(xₖ − tₖ) / max(xₖ·(1 − xₖ), 10⁻¹²)
 * </pre>
 *
 * — PyTorch's clamps: a probability of exactly 0 or 1 on the wrong side costs 100, not ∞, and its gradient is
 * ±10¹² times the error, not a division by zero (both are 0 on the right side: {@code x = t = 0} or {@code x = t = 1}).
 * The elements are reduced by {@link Reduction} (mean over all elements by default, whatever the weights). For a
 * network's output prefer {@link BCEWithLogitsLoss} on the logits: it needs neither clamp, and its gradient
 * {@code σ(z) − t} does not vanish where the sigmoid saturates.
 *
 * <p>An input outside {@code [0, 1]} (or NaN) is rejected, as PyTorch does, naming its position and value.
 */
public final class BCELoss implements Loss {
    private static final String OP = "binary_cross_entropy";
    /** PyTorch's floor of each log term. */
    private static final double LOG_FLOOR = -100;
    /** PyTorch's floor of {@code x·(1 − x)} in the gradient's denominator. */
    private static final float DENOMINATOR_FLOOR = 1e-12f;

    private final Reduction reduction;
    private final Tensor weight; // null: 1

    /** The mean over all elements. */
    public BCELoss() {
        this(Reduction.MEAN);
    }

    public BCELoss(Reduction reduction) {
        this(reduction, null);
    }

    private BCELoss(Reduction reduction, Tensor weight) {
        this.reduction = reduction;
        this.weight = weight;
    }

    /** This loss with each element's loss scaled by {@code weight}, which must broadcast to the input's shape. */
    public BCELoss withWeight(Tensor weight) {
        return new BCELoss(reduction, weight.copy());
    }

    @Override
    public Variable forward(Variable probabilities, Tensor target) {
        Tensor x = probabilities.value();
        ElementwiseLoss.requireSameShape(OP, x, target);
        int n = x.size();
        float[] xs = x.toArray();
        float[] ts = target.toArray();
        for (int k = 0; k < n; k++) {
            if (!(xs[k] >= 0 && xs[k] <= 1)) {
                throw new IllegalArgumentException(OP + ": input[" + k + "] = " + xs[k] + " (flat index, shape "
                        + x.shape() + ") is not a probability in [0, 1]");
            }
        }
        float[] ws = ElementwiseLoss.broadcastWeight(OP, "weight", weight, "probabilities", x.shape());
        double[] losses = new double[n];
        for (int k = 0; k < n; k++) {
            double p = xs[k], t = ts[k];
            losses[k] = (t - 1) * Math.max(Math.log1p(-p), LOG_FLOOR) - t * Math.max(Math.log(p), LOG_FLOOR);
        }
        return ElementwiseLoss.fuse(OP, reduction, probabilities, losses, ws, n,
                k -> (xs[k] - ts[k]) / Math.max((1 - xs[k]) * xs[k], DENOMINATOR_FLOOR));
    }

    @Override
    public String toString() {
        return "BCELoss(reduction=" + reduction + (weight != null ? ", weight " + weight.shape() : "") + ")";
    }
}
