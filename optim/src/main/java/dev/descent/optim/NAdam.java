package dev.descent.optim;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import dev.descent.optim.kernel.UpdateKernels.AdamStep;

import java.util.List;

/**
 * NAdam (Dozat, 2016): Adam with Nesterov momentum — the step uses the first moment it will have after this update,
 * and the momentum coefficient warms up over the first few hundred steps.
 *
 * <p><b>The lecture's form</b> (Ruder §4.9, constant β₁):
 * <pre>
 * m ← β₁·m + (1 − β₁)·g;   v ← β₂·v + (1 − β₂)·g²;   m̂ = m/(1 − β₁ᵗ);   v̂ = v/(1 − β₂ᵗ)
 * θ ← θ − η/(√v̂ + ε) · (β₁·m̂ + (1 − β₁)·g/(1 − β₁ᵗ))
 * </pre>
 *
 * <p><b>PyTorch's form</b>, which this class computes, with Dozat's momentum schedule
 * μₜ = β₁·(1 − ½·0.96^(t·ψ)) (ψ the momentum decay) and its running product ∏μ = μ₁⋯μₜ; g̃ = g + λ·θ for L2
 * decay (−g first when maximizing), or θ ← θ·(1 − lr·λ) first for decoupled decay:
 * <pre>
 * m ← β₁·m + (1 − β₁)·g̃;   v ← β₂·v + (1 − β₂)·g̃²
 * d ← √(v / (1 − β₂ᵗ)) + ε                          ε outside the root, after the correction
 * θ ← θ − lr·(1 − μₜ)/(1 − ∏μ) · g̃/d − lr·μₜ₊₁/(1 − ∏μ·μₜ₊₁) · m/d
 * </pre>
 * (Keras's {@code Nadam} uses the same schedule with ψ fixed at 1 — a different optimizer in its first steps.)
 */
public final class NAdam extends Optimizer<NAdam.Options> {
    static final String MU_PRODUCT = "mu_product";

    /**
     * NAdam's hyper-parameters.
     *
     * @param lr                   learning rate ≥ 0 (default 2e-3)
     * @param beta1                β₁ in [0, 1) (default 0.9)
     * @param beta2                β₂ in [0, 1) (default 0.999)
     * @param eps                  &gt; 0 (default 1e-8)
     * @param weightDecay          λ ≥ 0
     * @param momentumDecay        ψ ≥ 0 of the momentum schedule (default 4e-3)
     * @param decoupledWeightDecay apply λ as θ ← θ(1 − lr·λ) (as AdamW) rather than as L2 in the gradient
     * @param maximize             ascend instead of descend
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, double momentumDecay,
                          boolean decoupledWeightDecay, boolean maximize) implements Hyperparameters.WithBetas<Options> {
        public Options {
            Check.nonNegative("NAdam lr", lr);
            Check.unitInterval("NAdam beta1", beta1);
            Check.unitInterval("NAdam beta2", beta2);
            Check.positive("NAdam eps", eps);
            Check.nonNegative("NAdam weightDecay", weightDecay);
            Check.nonNegative("NAdam momentumDecay", momentumDecay);
        }

        @Override
        public Options withLr(double lr) {
            return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay, decoupledWeightDecay, maximize);
        }

        @Override
        public Options withBetas(double beta1, double beta2) {
            return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay, decoupledWeightDecay, maximize);
        }

        public Options withEps(double eps) {
            return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay, decoupledWeightDecay, maximize);
        }

        public Options withWeightDecay(double weightDecay) {
            return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay, decoupledWeightDecay, maximize);
        }

        public Options withMomentumDecay(double momentumDecay) {
            return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay, decoupledWeightDecay, maximize);
        }

        public Options withDecoupledWeightDecay(boolean decoupledWeightDecay) {
            return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay, decoupledWeightDecay, maximize);
        }

        public Options withMaximize(boolean maximize) {
            return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay, decoupledWeightDecay, maximize);
        }
    }

    /** PyTorch's defaults: lr 2e-3, β 0.9 and 0.999, eps 1e-8, no weight decay, momentum decay 4e-3. */
    public static Options defaults() {
        return new Options(2e-3, 0.9, 0.999, 1e-8, 0, 4e-3, false, false);
    }

    private final boolean pyTorch113Product;

    public NAdam(List<Variable> params, Options options) {
        this(List.of(new ParamGroup<>(params, options)), false);
    }

    public NAdam(List<ParamGroup<Options>> groups) {
        this(groups, false);
    }

    /**
     * With {@code pyTorch113Product}, reproduces PyTorch ≤ 1.13, whose single-tensor NAdam multiplied μₜ into the
     * product twice in the momentum term ({@code ∏μ·μₜ·μₜ₊₁}; fixed in PyTorch 2.0, pytorch/pytorch#92699). Only for
     * replaying trajectories recorded with those versions.
     */
    NAdam(List<ParamGroup<Options>> groups, boolean pyTorch113Product) {
        super(groups);
        this.pyTorch113Product = pyTorch113Product;
    }

    @Override
    protected void update(Tensor value, Tensor grad, ParamState s, Options o) {
        long t = s.nextStep();
        double mu = o.beta1() * (1 - 0.5 * Math.pow(0.96, t * o.momentumDecay()));
        double muNext = o.beta1() * (1 - 0.5 * Math.pow(0.96, (t + 1) * o.momentumDecay()));
        double muProduct = s.scalar(MU_PRODUCT, 1.0) * mu;
        s.putScalar(MU_PRODUCT, muProduct);
        double productNext = pyTorch113Product ? muProduct * mu * muNext : muProduct * muNext;
        double bc2Sqrt = Math.sqrt(1 - Math.pow(o.beta2(), t));
        boolean decoupled = o.decoupledWeightDecay();
        // a·g/d + b·m/d with d = √(v/bc2) + ε computed as (b·√bc2·m + a·√bc2·g) / (√v + ε·√bc2).
        AdamStep c = new AdamStep((float) (o.lr() * muNext / (1 - productNext) * bc2Sqrt),
                (float) (o.lr() * (1 - mu) / (1 - muProduct) * bc2Sqrt), true, (float) o.beta1(),
                (float) (1 - o.beta1()), (float) o.beta2(), (float) (1 - o.beta2()), (float) (o.eps() * bc2Sqrt),
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
        return List.of(AdamFamily.EXP_AVG, AdamFamily.EXP_AVG_SQ, MU_PRODUCT);
    }

    @Override
    protected List<String> stateScalarNames() {
        return List.of(MU_PRODUCT);
    }
}
