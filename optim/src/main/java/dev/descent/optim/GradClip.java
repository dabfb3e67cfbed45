package dev.descent.optim;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;

import java.util.Objects;

/**
 * Gradient clipping, PyTorch's {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}: call it between
 * {@code backward()} and the optimizer's {@code step()}. Parameters without a gradient are skipped.
 */
public final class GradClip {
    private GradClip() {
    }

    /** {@link #clipGradNorm(Iterable, double, double, boolean)} with the 2-norm, non-finite norms allowed. */
    public static double clipGradNorm(Iterable<Variable> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, 2, false);
    }

    /**
     * Scales all gradients together so that their total norm is at most {@code maxNorm}:
     * <pre>
     * ‖g‖ = ( Σᵢ Σⱼ |gᵢⱼ|^p )^(1/p)   over every parameter's gradient, as if concatenated (p = ∞: max |gᵢⱼ|)
     * c   = min(1, maxNorm / (‖g‖ + 1e-6))
     * gᵢ ← c·gᵢ
     * </pre>
     * The direction of the update is kept; only its length is capped. Because of the 1e-6, a clipped norm lands a
     * hair under {@code maxNorm}. The norm is accumulated in double.
     *
     * @param normType         p &gt; 0, or {@code Double.POSITIVE_INFINITY}
     * @param errorIfNonfinite throw if the total norm is NaN or infinite (otherwise, as in PyTorch, the gradients are
     *                         scaled by a NaN or zero coefficient)
     * @return the total norm before clipping
     */
    public static double clipGradNorm(Iterable<Variable> params, double maxNorm, double normType,
                                      boolean errorIfNonfinite) {
        Objects.requireNonNull(params, "params");
        Check.nonNegativeOrInfinite("clipGradNorm maxNorm", maxNorm);
        Check.positive("clipGradNorm normType", normType);
        double total = totalNorm(params, normType);
        if (errorIfNonfinite && !Double.isFinite(total)) {
            throw new IllegalStateException("clipGradNorm: the total norm of order " + normType + " of the gradients "
                    + "is " + total + ", so they cannot be clipped; the loss or a gradient has overflowed or is NaN");
        }
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1 || Double.isNaN(coef)) {
            float c = (float) coef;
            for (Variable p : params) {
                if (p.grad() != null) {
                    p.grad().muli(c);
                }
            }
        }
        return total;
    }

    /** The total p-norm of all gradients, as {@link #clipGradNorm} measures it, without changing them. */
    public static double totalNorm(Iterable<Variable> params, double normType) {
        boolean inf = normType == Double.POSITIVE_INFINITY;
        double acc = 0;
        for (Variable p : params) {
            Tensor g = p.grad();
            if (g == null) {
                continue;
            }
            float[] a = g.array();
            for (int i = g.offset(), end = g.offset() + g.size(); i < end; i++) {
                double x = Math.abs(a[i]);
                if (inf) {
                    acc = x > acc || Double.isNaN(x) ? x : acc;
                } else if (normType == 2) {
                    acc += x * x;
                } else {
                    acc += Math.pow(x, normType);
                }
            }
        }
        return inf ? acc : normType == 2 ? Math.sqrt(acc) : Math.pow(acc, 1 / normType);
    }

    /** Clamps every gradient element into {@code [−clipValue, clipValue]} (≥ 0). */
    public static void clipGradValue(Iterable<Variable> params, double clipValue) {
        Objects.requireNonNull(params, "params");
        Check.nonNegativeOrInfinite("clipGradValue clipValue", clipValue);
        float c = (float) clipValue;
        for (Variable p : params) {
            if (p.grad() != null) {
                p.grad().clampi(-c, c);
            }
        }
    }
}
