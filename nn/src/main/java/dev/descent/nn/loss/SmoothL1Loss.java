package dev.descent.nn.loss;

/**
 * Smooth L1 loss, as PyTorch's {@code nn.SmoothL1Loss(beta)}: squared below {@code β}, absolute above, element by
 * element for {@code d = x − t},
 *
 * <pre>
 *   ℓ(d) = 0.5·d²/β      if |d| < β
 *          |d| − 0.5·β   otherwise
 *   ℓ′(d) = −1 if d ≤ −β,  1 if d ≥ β,  d/β otherwise
 * </pre>
 *
 * and reduced by {@link Reduction} (mean by default). It is {@link HuberLoss} divided by its threshold:
 * {@code SmoothL1(β) = Huber(δ = β)/β}, so its slope far from the target is 1 whatever β, where Huber's is δ.
 * {@code β = 0} is {@link L1Loss}'s value; its gradient is PyTorch 1.13's too, including its quirk at an exact tie:
 * ℓ′(0) = −1 when β = 0 (the first branch, {@code d ≤ −β}, matches), where L1Loss's is 0.
 */
public final class SmoothL1Loss extends DifferenceLoss {
    private final float beta;

    /** The mean over all elements, with β = 1 (PyTorch's default). */
    public SmoothL1Loss() {
        this(Reduction.MEAN, 1.0);
    }

    /**
     * @param beta the threshold β ≥ 0 between the quadratic and the linear part
     * @throws IllegalArgumentException if β is negative, NaN or infinite
     */
    public SmoothL1Loss(Reduction reduction, double beta) {
        super("smooth_l1_loss", reduction);
        if (!(beta >= 0 && Float.isFinite((float) beta))) {
            throw new IllegalArgumentException("SmoothL1Loss: beta must be finite and >= 0, got " + beta);
        }
        this.beta = (float) beta;
    }

    @Override
    double value(float d) {
        double z = Math.abs(d);
        return z < beta ? 0.5 * z * z / beta : z - 0.5 * beta;
    }

    @Override
    float slope(float d) {
        return d <= -beta ? -1f : d >= beta ? 1f : d / beta;
    }

    @Override
    public String toString() {
        return "SmoothL1Loss(reduction=" + reduction + ", beta=" + beta + ")";
    }
}
