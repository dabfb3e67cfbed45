package dev.descent.optim;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import dev.descent.optim.kernel.UpdateKernels.AdamStep;

import java.util.List;

/**
 * RAdam (Liu et al., 2020): Adam whose adaptive scaling is switched on only once the second moment has seen enough
 * gradients for its variance to be bounded, and then scaled by a rectification term r — a principled warm-up.
 *
 * <p><b>The rule</b> (the paper's Algorithm 2, which PyTorch follows), with g̃ = g + λ·θ for L2 decay (−g first when
 * maximizing), or θ ← θ·(1 − lr·λ) first for decoupled decay:
 * <pre>
 * m ← β₁·m + (1 − β₁)·g̃;   v ← β₂·v + (1 − β₂)·g̃²;   m̂ = m/(1 − β₁ᵗ)
 * ρ∞ = 2/(1 − β₂) − 1;     ρₜ = ρ∞ − 2t·β₂ᵗ/(1 − β₂ᵗ)    the length of the approximated moving average
 * if ρₜ &gt; 5:  r = √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ))
 *              θ ← θ − lr·m̂·r·√(1 − β₂ᵗ)/(√v + ε)        ε added to the uncorrected root
 * else:        θ ← θ − lr·m̂                             momentum SGD (with β₂ = 0.999: the first 5 steps)
 * </pre>
 */
public final class RAdam extends Optimizer<RAdam.Options> {
    /**
     * RAdam's hyper-parameters.
     *
     * @param lr                   learning rate ≥ 0 (default 1e-3)
     * @param beta1                β₁ in [0, 1) (default 0.9)
     * @param beta2                β₂ in [0, 1) (default 0.999)
     * @param eps                  &gt; 0 (default 1e-8)
     * @param weightDecay          λ ≥ 0
     * @param decoupledWeightDecay apply λ as θ ← θ(1 − lr·λ) (as AdamW) rather than as L2 in the gradient
     * @param maximize             ascend instead of descend
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay,
                          boolean decoupledWeightDecay, boolean maximize) implements Hyperparameters.WithBetas<Options> {
        public Options {
            Check.nonNegative("RAdam lr", lr);
            Check.unitInterval("RAdam beta1", beta1);
            Check.unitInterval("RAdam beta2", beta2);
            Check.positive("RAdam eps", eps);
            Check.nonNegative("RAdam weightDecay", weightDecay);
        }

        @Override
        public Options withLr(double lr) {
            return new Options(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, maximize);
        }

        @Override
        public Options withBetas(double beta1, double beta2) {
            return new Options(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, maximize);
        }

        public Options withEps(double eps) {
            return new Options(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, maximize);
        }

        public Options withWeightDecay(double weightDecay) {
            return new Options(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, maximize);
        }

        public Options withDecoupledWeightDecay(boolean decoupledWeightDecay) {
            return new Options(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, maximize);
        }

        public Options withMaximize(boolean maximize) {
            return new Options(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, maximize);
        }
    }

    /** PyTorch's defaults: lr 1e-3, β 0.9 and 0.999, eps 1e-8, no weight decay. */
    public static Options defaults() {
        return new Options(1e-3, 0.9, 0.999, 1e-8, 0, false, false);
    }

    public RAdam(List<Variable> params, Options options) {
        super(params, options);
    }

    public RAdam(List<ParamGroup<Options>> groups) {
        super(groups);
    }

    @Override
    protected void update(Tensor value, Tensor grad, ParamState s, Options o) {
        long t = s.nextStep();
        double bc1 = 1 - Math.pow(o.beta1(), t);
        double beta2t = Math.pow(o.beta2(), t);
        double bc2 = 1 - beta2t;
        double rhoInf = 2 / (1 - o.beta2()) - 1;
        double rhoT = rhoInf - 2 * t * beta2t / bc2;
        boolean rectified = rhoT > 5;
        double stepSize = o.lr() / bc1;
        if (rectified) {
            stepSize *= Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT))
                    * Math.sqrt(bc2);
        }
        boolean decoupled = o.decoupledWeightDecay();
        AdamStep c = new AdamStep((float) stepSize, 0f, rectified, (float) o.beta1(), (float) (1 - o.beta1()),
                (float) o.beta2(), (float) (1 - o.beta2()), (float) o.eps(),
                AdamFamily.l2(o.weightDecay(), decoupled), AdamFamily.shrink(o.lr(), o.weightDecay(), decoupled),
                o.maximize());
        AdamFamily.update(this, c, value, grad, s, false);
    }

    @Override
    protected List<String> stateTensorNames() {
        return List.of(AdamFamily.EXP_AVG, AdamFamily.EXP_AVG_SQ);
    }

    @Override
    protected List<String> nonNegativeStateTensorNames() {
        return List.of(AdamFamily.EXP_AVG_SQ);
    }

    @Override
    protected List<String> requiredStateNames() {
        return List.of(AdamFamily.EXP_AVG, AdamFamily.EXP_AVG_SQ);
    }
}
