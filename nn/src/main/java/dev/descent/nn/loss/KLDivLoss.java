package dev.descent.nn.loss;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;

/**
 * Kullback–Leibler divergence, as PyTorch's {@code nn.KLDivLoss}: the input {@code x} holds log-probabilities
 * {@code log qₖ} (a {@link dev.descent.nn.LogSoftmax}'s output), the target probabilities {@code tₖ} — or, with
 * {@code log_target}, log-probabilities — of the same shape; element by element,
 *
 * <pre>
 *   ℓₖ = tₖ·(log tₖ − xₖ)          ∂ℓₖ/∂xₖ = −tₖ          (0·log 0 = 0: a target of 0 costs nothing)
 *   ℓₖ = e^tₖ·(tₖ − xₖ)            ∂ℓₖ/∂xₖ = −e^tₖ        (log_target)
 * </pre>
 *
 * so that {@code Σₖ ℓₖ} over a distribution is {@code KL(t ‖ q)}. The reductions are {@link Reduction}'s — MEAN, the
 * default as in PyTorch, divides by the number of elements, which is <em>not</em> the divergence — and
 * {@link #batchMean()}, PyTorch's {@code reduction='batchmean'}: the sum divided by the batch size N = the input's
 * first dimension, the mean divergence per example, which is what the formula means.
 *
 * <p>Like PyTorch, a term with a target of 0 is computed as {@code 0 − 0·x}, which is NaN for an input of −∞ (a
 * masked log-softmax entry). A target that is negative or NaN (without {@code log_target}) is rejected, naming its
 * position and value: PyTorch would return NaN.
 */
public final class KLDivLoss implements Loss {
    private static final String OP = "kl_div";

    private final Reduction reduction;
    private final boolean batchMean;
    private final boolean logTarget;

    /** The mean over all elements (PyTorch's default; see {@link #batchMean()} for the mean divergence). */
    public KLDivLoss() {
        this(Reduction.MEAN);
    }

    public KLDivLoss(Reduction reduction) {
        this(reduction, false, false);
    }

    private KLDivLoss(Reduction reduction, boolean batchMean, boolean logTarget) {
        this.reduction = reduction;
        this.batchMean = batchMean;
        this.logTarget = logTarget;
    }

    /** PyTorch's {@code reduction='batchmean'}: the sum over all elements divided by the input's first dimension. */
    public static KLDivLoss batchMean() {
        return new KLDivLoss(Reduction.MEAN, true, false);
    }

    /** This loss with targets given as log-probabilities ({@code log_target} in PyTorch) or as probabilities. */
    public KLDivLoss withLogTarget(boolean logTarget) {
        return new KLDivLoss(reduction, batchMean, logTarget);
    }

    @Override
    public Variable forward(Variable logProbabilities, Tensor target) {
        Tensor x = logProbabilities.value();
        ElementwiseLoss.requireSameShape(OP, x, target);
        if (batchMean && x.rank() == 0) {
            throw new IllegalArgumentException(OP + ": batchmean needs a batch dimension, got a scalar input");
        }
        int n = x.size();
        float[] xs = x.toArray();
        float[] ts = target.toArray();
        double[] losses = new double[n];
        for (int k = 0; k < n; k++) {
            double t = ts[k];
            if (logTarget) {
                losses[k] = Math.exp(t) * (t - xs[k]);
            } else if (t >= 0) {
                losses[k] = (t == 0 ? 0 : t * Math.log(t)) - t * xs[k];
            } else {
                throw new IllegalArgumentException(OP + ": target[" + k + "] = " + ts[k] + " (flat index, shape "
                        + target.shape() + ") is not a probability (>= 0); pass log-probabilities with "
                        + "withLogTarget(true)");
            }
        }
        double count = batchMean ? x.dim(0) : n;
        return ElementwiseLoss.fuse(OP, reduction, logProbabilities, losses, null, count,
                logTarget ? k -> (float) -Math.exp(ts[k]) : k -> -ts[k]);
    }

    @Override
    public String toString() {
        return "KLDivLoss(reduction=" + (batchMean ? "BATCHMEAN" : reduction) + ", log_target=" + logTarget + ")";
    }
}
