package dev.descent.nn.loss;

import dev.descent.core.Shape;
import dev.descent.core.Tensor;

/**
 * How a loss combines the losses {@code ℓᵢ} of its items (examples, or elements), as PyTorch's {@code reduction}:
 *
 * <pre>
 *   MEAN:  L = (1/n)·Σᵢ ℓᵢ      ∂L/∂ℓᵢ = 1/n    (n may be a total weight: a weighted loss's mean)
 *   SUM:   L = Σᵢ ℓᵢ            ∂L/∂ℓᵢ = 1
 *   NONE:  L = (ℓ₁, …, ℓₙ)      the item losses themselves
 * </pre>
 */
public enum Reduction {
    MEAN,
    SUM,
    NONE;

    /**
     * The loss tensor: a scalar for MEAN and SUM (from the sum accumulated in double), or {@code items} in
     * {@code itemShape} for NONE.
     */
    Tensor output(double sum, float[] items, double count, Shape itemShape) {
        return switch (this) {
            case MEAN -> Tensor.scalar((float) (sum / count));
            case SUM -> Tensor.scalar((float) sum);
            case NONE -> Tensor.wrap(items, 0, itemShape);
        };
    }

    /**
     * {@code ∂L_total/∂ℓᵢ} for each item, given the gradient of the reduced loss: every item gets the same value for
     * MEAN and SUM, its own entry of {@code gradOut} for NONE.
     */
    float itemGrad(Tensor gradOut, int i, double count) {
        return switch (this) {
            case MEAN -> (float) (gradOut.getFlat(0) / count);
            case SUM -> gradOut.getFlat(0);
            case NONE -> gradOut.getFlat(i);
        };
    }
}
