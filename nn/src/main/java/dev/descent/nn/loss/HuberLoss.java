package dev.descent.nn.loss;

/**
 * Huber loss, as PyTorch's {@code nn.HuberLoss(delta)}: squared below {@code δ}, linear above with slope δ, element by
 * element for {@code d = x − t},
 *
 * <pre>
 *   ℓ(d) = 0.5·d²              if |d| < δ
 *          δ·(|d| − 0.5·δ)     otherwise
 *   ℓ′(d) = −δ if d ≤ −δ,  δ if d ≥ δ,  d otherwise
 * </pre>
 *
 * and reduced by {@link Reduction} (mean by default). Near the target it is half the squared error (as
 * {@link MSELoss}/2), far from it an absolute error scaled by δ; {@code Huber(δ) = δ·SmoothL1(β = δ)}
 * ({@link SmoothL1Loss}).
 */
public final class HuberLoss extends DifferenceLoss {
    private final float delta;

    /** The mean over all elements, with δ = 1 (PyTorch's default). */
    public HuberLoss() {
        this(Reduction.MEAN, 1.0);
    }

    /**
     * @param delta the threshold δ > 0 between the quadratic and the linear part
     * @throws IllegalArgumentException if δ is not positive and finite
     */
    public HuberLoss(Reduction reduction, double delta) {
        super("huber_loss", reduction);
        if (!(delta > 0 && Float.isFinite((float) delta))) {
            throw new IllegalArgumentException("HuberLoss: delta must be finite and > 0, got " + delta);
        }
        this.delta = (float) delta;
    }

    @Override
    double value(float d) {
        double z = Math.abs(d);
        return z < delta ? 0.5 * z * z : delta * (z - 0.5 * delta);
    }

    @Override
    float slope(float d) {
        return d <= -delta ? -delta : d >= delta ? delta : d;
    }

    @Override
    public String toString() {
        return "HuberLoss(reduction=" + reduction + ", delta=" + delta + ")";
    }
}
