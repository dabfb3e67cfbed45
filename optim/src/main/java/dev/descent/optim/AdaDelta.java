package dev.descent.optim;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import dev.descent.optim.kernel.UpdateKernels.AdaDeltaStep;

import java.util.List;

/**
 * AdaDelta (Zeiler, 2012): AdaGrad's sum of squares replaced by a decaying average, and the step given the units of
 * the parameter by multiplying with the root of a decaying average of past squared steps — so it needs no learning
 * rate.
 *
 * <p><b>The lecture's form</b> (Ruder §4.5; RMS[x] = √(E[x²] + ε)):
 * <pre>
 * E[g²]  ← ρ·E[g²] + (1 − ρ)·g²
 * Δθ     ← −RMS[Δθ]ₜ₋₁ / RMS[g]ₜ · g
 * E[Δθ²] ← ρ·E[Δθ²] + (1 − ρ)·Δθ²
 * θ      ← θ + Δθ
 * </pre>
 *
 * <p><b>PyTorch's form</b>, which this class computes: the same, with g̃ = g + λ·θ (−g first when maximizing) and a
 * learning rate that scales the step (lr = 1 is Zeiler's algorithm):
 * <pre>
 * v ← ρ·v + (1 − ρ)·g̃²
 * Δ ← √(u + ε) / √(v + ε) · g̃          ε inside both roots
 * u ← ρ·u + (1 − ρ)·Δ²
 * θ ← θ − lr·Δ
 * </pre>
 */
public final class AdaDelta extends Optimizer<AdaDelta.Options> {
    static final String SQUARE_AVG = "square_avg";
    static final String ACC_DELTA = "acc_delta";

    /**
     * AdaDelta's hyper-parameters.
     *
     * @param lr          scale of the step ≥ 0 (default 1.0)
     * @param rho         ρ in [0, 1], the decay of both averages (default 0.9)
     * @param eps         &gt; 0, inside both roots (default 1e-6)
     * @param weightDecay L2 penalty λ ≥ 0
     * @param maximize    ascend instead of descend
     */
    public record Options(double lr, double rho, double eps, double weightDecay, boolean maximize)
            implements Hyperparameters<Options> {
        public Options {
            Check.nonNegative("AdaDelta lr", lr);
            Check.closedUnitInterval("AdaDelta rho", rho);
            Check.positive("AdaDelta eps", eps);
            Check.nonNegative("AdaDelta weightDecay", weightDecay);
        }

        @Override
        public Options withLr(double lr) {
            return new Options(lr, rho, eps, weightDecay, maximize);
        }

        public Options withRho(double rho) {
            return new Options(lr, rho, eps, weightDecay, maximize);
        }

        public Options withEps(double eps) {
            return new Options(lr, rho, eps, weightDecay, maximize);
        }

        public Options withWeightDecay(double weightDecay) {
            return new Options(lr, rho, eps, weightDecay, maximize);
        }

        public Options withMaximize(boolean maximize) {
            return new Options(lr, rho, eps, weightDecay, maximize);
        }
    }

    /** PyTorch's defaults: lr 1.0, ρ 0.9, eps 1e-6, no weight decay. */
    public static Options defaults() {
        return new Options(1.0, 0.9, 1e-6, 0, false);
    }

    public AdaDelta(List<Variable> params, Options options) {
        super(params, options);
    }

    public AdaDelta(List<ParamGroup<Options>> groups) {
        super(groups);
    }

    @Override
    protected void update(Tensor value, Tensor grad, ParamState s, Options o) {
        s.nextStep();
        Tensor squareAvg = s.tensor(SQUARE_AVG, value, 0f);
        Tensor accDelta = s.tensor(ACC_DELTA, value, 0f);
        AdaDeltaStep c = new AdaDeltaStep((float) o.lr(), (float) o.rho(), (float) (1 - o.rho()), (float) o.eps(),
                (float) o.weightDecay(), o.maximize());
        inChunks(value.size(), (from, to) -> KERNELS.adaDelta(c, value, grad, squareAvg, accDelta, from, to));
    }

    @Override
    protected List<String> stateTensorNames() {
        return List.of(SQUARE_AVG, ACC_DELTA);
    }

    @Override
    protected List<String> nonNegativeStateTensorNames() {
        return List.of(SQUARE_AVG, ACC_DELTA);
    }

    @Override
    protected List<String> requiredStateNames() {
        return List.of(SQUARE_AVG, ACC_DELTA);
    }
}
