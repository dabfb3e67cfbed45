package dev.descent.nn.loss;

/**
 * Mean absolute error, as PyTorch's {@code nn.L1Loss}: over all {@code n} elements of a prediction {@code x} and a
 * target {@code t} of the same shape,
 *
 * <pre>
 *   ℓₖ = |xₖ − tₖ|,   L = (1/n)·Σₖ ℓₖ   (by default; see {@link Reduction})
 *   ∂ℓₖ/∂xₖ = sign(xₖ − tₖ)            (0 where xₖ = tₖ, as PyTorch's derivative of abs)
 * </pre>
 *
 * Less swayed by outliers than {@link MSELoss}: every error pulls with the same force.
 */
public final class L1Loss extends DifferenceLoss {

    /** The mean over all elements. */
    public L1Loss() {
        this(Reduction.MEAN);
    }

    public L1Loss(Reduction reduction) {
        super("l1_loss", reduction);
    }

    @Override
    double value(float d) {
        return Math.abs(d);
    }

    @Override
    float slope(float d) {
        return Math.signum(d);
    }

    @Override
    public String toString() {
        return "L1Loss(reduction=" + reduction + ")";
    }
}
