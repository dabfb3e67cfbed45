package dev.descent.optim;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import dev.descent.optim.kernel.UpdateKernels.AdamStep;

import java.util.List;

/**
 * Adam (Kingma and Ba, 2015): momentum on the gradient and RMSprop's scaling, both as decaying averages whose bias
 * towards their zero start is corrected. With {@code amsgrad}, AMSGrad (Reddi, Kale and Kumar, 2018): divide by the
 * largest second moment seen so far, so the step size never grows.
 *
 * <p><b>The lecture's form</b> (Deep Learning book, Algorithm 8.7; ρ₁, ρ₂ the decays, δ ≈ 1e-8; Ruder §4.7 writes
 * β₁, β₂, m, v):
 * <pre>
 * t ← t + 1
 * s ← ρ₁·s + (1 − ρ₁)·g                 first moment
 * r ← ρ₂·r + (1 − ρ₂)·g ⊙ g             second moment
 * ŝ ← s / (1 − ρ₁ᵗ);   r̂ ← r / (1 − ρ₂ᵗ)  bias corrections
 * θ ← θ − ε·ŝ / (√r̂ + δ)                δ outside the root, after the correction
 * </pre>
 *
 * <p><b>PyTorch's form</b> is the same, with g̃ = g + λ·θ (L2 weight decay; −g first when maximizing) in place of g:
 * <pre>
 * m ← β₁·m + (1 − β₁)·g̃;   v ← β₂·v + (1 − β₂)·g̃²
 * AMSGrad: v̂ ← max(v̂, v) (of the uncorrected v), used instead of v below
 * θ ← θ − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * Keras and the paper's "efficient version" add a fixed ε̂ to the uncorrected √v instead, which equals PyTorch only
 * with ε̂ = ε·√(1 − β₂ᵗ) — a different ε in the first steps. That is how the kernel computes PyTorch's rule, with
 * ε̂ and lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) made per step, so each element costs one division. For weight decay that is not an
 * L2 term in the gradient, use {@link AdamW}.
 */
public class Adam extends Optimizer<Adam.Options> {
    /**
     * The hyper-parameters of {@link Adam} and {@link AdamW}.
     *
     * @param lr          learning rate ≥ 0 (default 1e-3)
     * @param beta1       β₁ in [0, 1), decay of the first moment (default 0.9)
     * @param beta2       β₂ in [0, 1), decay of the second moment (default 0.999)
     * @param eps         &gt; 0, added to the corrected root (default 1e-8)
     * @param weightDecay λ ≥ 0: an L2 term λ·θ in the gradient for Adam, decoupled decay θ ← θ(1 − lr·λ) for AdamW
     * @param amsgrad     use the running maximum of the second moment (AMSGrad)
     * @param maximize    ascend instead of descend
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
                          boolean maximize) implements Hyperparameters.WithBetas<Options> {
        public Options {
            Check.nonNegative("Adam lr", lr);
            Check.unitInterval("Adam beta1", beta1);
            Check.unitInterval("Adam beta2", beta2);
            Check.positive("Adam eps", eps);
            Check.nonNegative("Adam weightDecay", weightDecay);
        }

        @Override
        public Options withLr(double lr) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
        }

        @Override
        public Options withBetas(double beta1, double beta2) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
        }

        public Options withEps(double eps) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
        }

        public Options withWeightDecay(double weightDecay) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
        }

        public Options withAmsgrad(boolean amsgrad) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
        }

        public Options withMaximize(boolean maximize) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
        }
    }

    /** PyTorch's defaults: lr 1e-3, β 0.9 and 0.999, eps 1e-8, no weight decay, no AMSGrad. */
    public static Options defaults() {
        return new Options(1e-3, 0.9, 0.999, 1e-8, 0, false, false);
    }

    private final boolean decoupled;

    public Adam(List<Variable> params, Options options) {
        this(List.of(new ParamGroup<>(params, options)), false);
    }

    public Adam(List<ParamGroup<Options>> groups) {
        this(groups, false);
    }

    Adam(List<ParamGroup<Options>> groups, boolean decoupledWeightDecay) {
        super(groups);
        this.decoupled = decoupledWeightDecay;
    }

    @Override
    protected final void update(Tensor value, Tensor grad, ParamState s, Options o) {
        long t = s.nextStep();
        double bc1 = 1 - Math.pow(o.beta1(), t);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(o.beta2(), t));
        // lr/bc1 · m / (√v/√bc2 + ε) computed as (lr·√bc2/bc1) · m / (√v + ε·√bc2): one division fewer per element.
        AdamStep c = new AdamStep((float) (o.lr() * bc2Sqrt / bc1), 0f, true, (float) o.beta1(),
                (float) (1 - o.beta1()), (float) o.beta2(), (float) (1 - o.beta2()), (float) (o.eps() * bc2Sqrt),
                AdamFamily.l2(o.weightDecay(), decoupled), AdamFamily.shrink(o.lr(), o.weightDecay(), decoupled),
                o.maximize());
        AdamFamily.update(this, c, value, grad, s, o.amsgrad());
    }

    @Override
    protected final List<String> stateTensorNames() {
        return AdamFamily.STATE;
    }

    @Override
    protected final List<String> nonNegativeStateTensorNames() {
        return List.of(AdamFamily.EXP_AVG_SQ, AdamFamily.MAX_EXP_AVG_SQ);
    }

    @Override
    protected final List<String> requiredStateNames() {
        return List.of(AdamFamily.EXP_AVG, AdamFamily.EXP_AVG_SQ);
    }
}
