package dev.descent.optim;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import dev.descent.optim.kernel.UpdateKernels.AdamaxStep;

import java.util.List;

/**
 * Adamax (Kingma and Ba, 2015, §7.1): Adam with the second moment's L² norm replaced by the L^∞ norm — an
 * exponentially weighted maximum of |g|, which needs no bias correction.
 *
 * <p><b>The lecture's form</b> (Ruder §4.8):
 * <pre>
 * m ← β₁·m + (1 − β₁)·g
 * u ← max(β₂·u, |g|)
 * θ ← θ − η/(1 − β₁ᵗ) · m / u
 * </pre>
 *
 * <p><b>PyTorch's form</b>, which this class computes: with g̃ = g + λ·θ (−g first when maximizing),
 * <pre>
 * m ← β₁·m + (1 − β₁)·g̃
 * u ← max(β₂·u, |g̃| + ε)                 ε inside the max, so u &gt; 0 from the first step
 * θ ← θ − lr/(1 − β₁ᵗ) · m / u
 * </pre>
 * (Keras adds ε to u after the max instead.)
 */
public final class Adamax extends Optimizer<Adamax.Options> {
    static final String EXP_AVG = "exp_avg";
    static final String EXP_INF = "exp_inf";

    /**
     * Adamax's hyper-parameters.
     *
     * @param lr          learning rate ≥ 0 (default 2e-3)
     * @param beta1       β₁ in [0, 1) (default 0.9)
     * @param beta2       β₂ in [0, 1), the decay of the maximum (default 0.999)
     * @param eps         &gt; 0, inside the max (default 1e-8)
     * @param weightDecay L2 penalty λ ≥ 0
     * @param maximize    ascend instead of descend
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean maximize)
            implements Hyperparameters.WithBetas<Options> {
        public Options {
            Check.nonNegative("Adamax lr", lr);
            Check.unitInterval("Adamax beta1", beta1);
            Check.unitInterval("Adamax beta2", beta2);
            Check.positive("Adamax eps", eps);
            Check.nonNegative("Adamax weightDecay", weightDecay);
        }

        @Override
        public Options withLr(double lr) {
            return new Options(lr, beta1, beta2, eps, weightDecay, maximize);
        }

        @Override
        public Options withBetas(double beta1, double beta2) {
            return new Options(lr, beta1, beta2, eps, weightDecay, maximize);
        }

        public Options withEps(double eps) {
            return new Options(lr, beta1, beta2, eps, weightDecay, maximize);
        }

        public Options withWeightDecay(double weightDecay) {
            return new Options(lr, beta1, beta2, eps, weightDecay, maximize);
        }

        public Options withMaximize(boolean maximize) {
            return new Options(lr, beta1, beta2, eps, weightDecay, maximize);
        }
    }

    /** PyTorch's defaults: lr 2e-3, β 0.9 and 0.999, eps 1e-8, no weight decay. */
    public static Options defaults() {
        return new Options(2e-3, 0.9, 0.999, 1e-8, 0, false);
    }

    public Adamax(List<Variable> params, Options options) {
        super(params, options);
    }

    public Adamax(List<ParamGroup<Options>> groups) {
        super(groups);
    }

    @Override
    protected void update(Tensor value, Tensor grad, ParamState s, Options o) {
        long t = s.nextStep();
        Tensor m = s.tensor(EXP_AVG, value, 0f);
        Tensor u = s.tensor(EXP_INF, value, 0f);
        AdamaxStep c = new AdamaxStep((float) (o.lr() / (1 - Math.pow(o.beta1(), t))), (float) o.beta1(),
                (float) (1 - o.beta1()), (float) o.beta2(), (float) o.eps(), (float) o.weightDecay(), o.maximize());
        inChunks(value.size(), (from, to) -> KERNELS.adamax(c, value, grad, m, u, from, to));
    }

    @Override
    protected List<String> stateTensorNames() {
        return List.of(EXP_AVG, EXP_INF);
    }

    @Override
    protected List<String> nonNegativeStateTensorNames() {
        return List.of(EXP_INF);
    }

    @Override
    protected List<String> requiredStateNames() {
        return List.of(EXP_AVG, EXP_INF);
    }
}
