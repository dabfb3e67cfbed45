package dev.descent.nn.loss;

/**
 * Mean squared error, as PyTorch's {@code nn.MSELoss}: over all {@code n} elements of a prediction {@code x} and a
 * target {@code t} of the same shape,
 *
 * <pre>
 *   ℓₖ = (xₖ − tₖ)²,   L = (1/n)·Σₖ ℓₖ   (by default; see {@link Reduction})
 *   ∂ℓₖ/∂xₖ = 2·(xₖ − tₖ)
 * </pre>
 */
public final class MSELoss extends DifferenceLoss {

    /** The mean over all elements. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    public MSELoss(Reduction reduction) {
        super("mse", reduction);
    }

    @Override
    double value(float d) {
        return (double) d * d;
    }

    @Override
    float slope(float d) {
        return 2f * d;
    }

    @Override
    public String toString() {
        return "MSELoss(reduction=" + reduction + ")";
    }
}
