package dev.descent.optim;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import dev.descent.optim.kernel.UpdateKernels.RmsPropStep;

import java.util.List;

/**
 * RMSprop (Hinton, Coursera lecture 6e, 2012): AdaGrad with the sum of squared gradients replaced by a decaying
 * average, so the step size does not shrink forever.
 *
 * <p><b>The lecture's form</b> (Deep Learning book, Algorithm 8.5; ρ the decay, δ ≈ 1e-6):
 * <pre>
 * r ← ρ·r + (1 − ρ)·g ⊙ g
 * θ ← θ − ε / √(δ + r) ⊙ g            δ inside the root
 * </pre>
 * Algorithm 8.6 adds Nesterov momentum; Ruder (§4.6) writes the same with ρ = 0.9 and ε inside the root.
 *
 * <p><b>PyTorch's form</b>, which this class computes: with g̃ = g + λ·θ (−g first when maximizing), decay α,
 * <pre>
 * v ← α·v + (1 − α)·g̃²
 * centred:   ḡ ← α·ḡ + (1 − α)·g̃;   d ← √(v − ḡ²) + ε   (Graves 2013: divide by the standard deviation)
 * otherwise: d ← √v + ε                                   ε outside the root, unlike the book
 * momentum:  b ← μ·b + g̃/d;   θ ← θ − lr·b               (heavy-ball momentum on the scaled step, not Nesterov)
 * otherwise: θ ← θ − lr·g̃/d
 * </pre>
 * Where rounding makes {@code v − ḡ²} a hair below zero, it is taken as 0 instead of producing a NaN.
 */
public final class RmsProp extends Optimizer<RmsProp.Options> {
    static final String SQUARE_AVG = "square_avg";
    static final String GRAD_AVG = "grad_avg";
    static final String MOMENTUM_BUFFER = "momentum_buffer";

    /**
     * RMSprop's hyper-parameters.
     *
     * @param lr          learning rate ≥ 0 (default 1e-2)
     * @param alpha       α in [0, 1], the decay of the averages (default 0.99)
     * @param eps         &gt; 0, added to the root (default 1e-8)
     * @param weightDecay L2 penalty λ ≥ 0
     * @param momentum    μ in [0, 1)
     * @param centered    divide by the estimated standard deviation rather than the root mean square
     * @param maximize    ascend instead of descend
     */
    public record Options(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered,
                          boolean maximize) implements Hyperparameters.WithMomentum<Options> {
        public Options {
            Check.nonNegative("RMSprop lr", lr);
            Check.closedUnitInterval("RMSprop alpha", alpha);
            Check.positive("RMSprop eps", eps);
            Check.nonNegative("RMSprop weightDecay", weightDecay);
            Check.unitInterval("RMSprop momentum", momentum);
        }

        @Override
        public Options withLr(double lr) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
        }

        public Options withAlpha(double alpha) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
        }

        public Options withEps(double eps) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
        }

        public Options withWeightDecay(double weightDecay) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
        }

        @Override
        public Options withMomentum(double momentum) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
        }

        public Options withCentered(boolean centered) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
        }

        public Options withMaximize(boolean maximize) {
            return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize);
        }
    }

    /** PyTorch's defaults: lr 1e-2, α 0.99, eps 1e-8, no weight decay, no momentum, not centred. */
    public static Options defaults() {
        return new Options(1e-2, 0.99, 1e-8, 0, 0, false, false);
    }

    public RmsProp(List<Variable> params, Options options) {
        super(params, options);
    }

    public RmsProp(List<ParamGroup<Options>> groups) {
        super(groups);
    }

    @Override
    protected void update(Tensor value, Tensor grad, ParamState s, Options o) {
        s.nextStep();
        Tensor squareAvg = s.tensor(SQUARE_AVG, value, 0f);
        Tensor gradAvg = o.centered() ? s.tensor(GRAD_AVG, value, 0f) : null;
        Tensor buf = o.momentum() > 0 ? s.tensor(MOMENTUM_BUFFER, value, 0f) : null;
        RmsPropStep c = new RmsPropStep((float) o.lr(), (float) o.alpha(), (float) (1 - o.alpha()), (float) o.eps(),
                (float) o.momentum(), (float) o.weightDecay(), o.maximize());
        inChunks(value.size(), (from, to) -> KERNELS.rmsProp(c, value, grad, squareAvg, gradAvg, buf, from, to));
    }

    @Override
    protected List<String> stateTensorNames() {
        return List.of(SQUARE_AVG, GRAD_AVG, MOMENTUM_BUFFER);
    }

    @Override
    protected List<String> nonNegativeStateTensorNames() {
        return List.of(SQUARE_AVG);
    }

    @Override
    protected List<String> requiredStateNames() {
        return List.of(SQUARE_AVG);
    }
}
