package dev.descent.train;

/**
 * An exponential moving average of the batch losses with bias correction, as fastai's {@code AvgSmoothLoss} (and
 * Adam's first moment) computes it:
 * <pre>
 * avg₋₁ = 0
 * avgᵢ = β·avgᵢ₋₁ + (1 − β)·lossᵢ
 * smoothedᵢ = avgᵢ / (1 − β^(i+1))
 * </pre>
 * The division undoes the pull towards the zero start: after one loss the smoothed value is that loss exactly, and
 * every smoothed value is a weighted mean of the losses so far, weights ∝ β^(i−j), summing to 1. With
 * {@link #FASTAI_BETA β = 0.98} it averages over roughly the last 1/(1 − β) = 50 batches.
 */
public final class SmoothedLoss {
    /** fastai's β for the learning-rate finder and the recorded training loss. */
    public static final double FASTAI_BETA = 0.98;

    private final double beta;
    private double avg;
    private int count;

    /** An average with decay {@code beta} in [0, 1) (0: no smoothing, each value is the last loss). */
    public SmoothedLoss(double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("smoothing β must be in [0, 1), got " + beta);
        }
        this.beta = beta;
    }

    /** Takes one more loss and returns the smoothed value after it. */
    public double add(double loss) {
        avg = beta * avg + (1 - beta) * loss;
        count++;
        return value();
    }

    /** The bias-corrected average of the losses so far. */
    public double value() {
        if (count == 0) {
            throw new IllegalStateException("no loss has been added yet");
        }
        return avg / (1 - Math.pow(beta, count));
    }

    /** How many losses have been added. */
    public int count() {
        return count;
    }
}
