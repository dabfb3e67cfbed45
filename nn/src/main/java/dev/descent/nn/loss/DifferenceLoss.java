package dev.descent.nn.loss;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;

/**
 * A loss of the difference {@code dₖ = xₖ − tₖ} of a prediction and a target of the same shape, element by element —
 * {@link MSELoss}, {@link L1Loss}, {@link SmoothL1Loss}, {@link HuberLoss}: each says only its {@code ℓ(d)} and
 * {@code ℓ′(d)}; this class makes the one fused operation whose gradient is {@code ∂L/∂xₖ = ℓ′(dₖ)·∂L/∂ℓₖ}.
 */
abstract class DifferenceLoss implements Loss {
    private final String op;
    final Reduction reduction;

    DifferenceLoss(String op, Reduction reduction) {
        this.op = op;
        this.reduction = reduction;
    }

    /** {@code ℓ(d)}, the loss of one element whose prediction exceeds its target by {@code d}. */
    abstract double value(float d);

    /** {@code ℓ′(d)}, its derivative (PyTorch's choice at a kink). */
    abstract float slope(float d);

    @Override
    public final Variable forward(Variable prediction, Tensor target) {
        Tensor x = prediction.value();
        ElementwiseLoss.requireSameShape(op, x, target);
        int n = x.size();
        float[] d = x.sub(target).array();
        double[] losses = new double[n];
        for (int k = 0; k < n; k++) {
            losses[k] = value(d[k]);
        }
        return ElementwiseLoss.fuse(op, reduction, prediction, losses, null, n, k -> slope(d[k]));
    }
}
