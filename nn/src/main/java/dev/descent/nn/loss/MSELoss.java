package dev.descent.nn.loss;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;

/**
 * Mean squared error, as PyTorch's {@code nn.MSELoss}: over all {@code n} elements of a prediction {@code x} and a
 * target {@code t} of the same shape,
 *
 * <pre>
 *   ℓₖ = (xₖ − tₖ)²,   L = (1/n)·Σₖ ℓₖ   (by default; see {@link Reduction})
 *   ∂ℓₖ/∂xₖ = 2·(xₖ − tₖ)
 * </pre>
 */
public final class MSELoss implements Loss {
    private final Reduction reduction;

    /** The mean over all elements. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    public MSELoss(Reduction reduction) {
        this.reduction = reduction;
    }

    @Override
    public Variable forward(Variable prediction, Tensor target) {
        Tensor x = prediction.value();
        ElementwiseLoss.requireSameShape("mse", x, target);
        int n = x.size();
        Tensor diff = x.sub(target);
        float[] d = diff.array();
        float[] items = reduction == Reduction.NONE ? new float[n] : null;
        double total = 0;
        for (int k = 0; k < n; k++) {
            float l = d[k] * d[k];
            total += l;
            if (items != null) {
                items[k] = l;
            }
        }
        Tensor out = reduction.output(total, items, n, x.shape());
        return Variable.fromOp("mse", out, (gradOut, grads) -> {
            Tensor dx = Tensor.zeros(x.shape());
            float[] g = dx.array();
            for (int k = 0; k < n; k++) {
                g[k] = 2f * d[k] * reduction.itemGrad(gradOut, k, n);
            }
            grads.addFresh(0, dx);
        }, prediction);
    }

    @Override
    public String toString() {
        return "MSELoss(reduction=" + reduction + ")";
    }
}
