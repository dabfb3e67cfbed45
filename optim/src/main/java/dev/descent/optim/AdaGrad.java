package dev.descent.optim;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import dev.descent.optim.kernel.UpdateKernels.AdaGradStep;

import java.util.List;

/**
 * AdaGrad (Duchi, Hazan and Singer, 2011): each parameter's step is divided by the root of the sum of all its past
 * squared gradients, so rarely-moved parameters keep large steps and often-moved ones get small ones.
 *
 * <p><b>The lecture's form</b> (Deep Learning book, Algorithm 8.4; ε the global rate, δ ≈ 1e-7):
 * <pre>
 * r ← r + g ⊙ g
 * θ ← θ − ε / (δ + √r) ⊙ g            δ outside the root
 * </pre>
 * Ruder writes {@code η / √(G + ε)}, with ε inside the root; PyTorch and the book put it outside.
 *
 * <p><b>PyTorch's form</b>, which this class computes: with g̃ = g + λ·θ (−g first when maximizing), t the update
 * count and the accumulator starting at {@code initialAccumulatorValue},
 * <pre>
 * clr ← lr / (1 + (t − 1)·lrDecay)
 * s   ← s + g̃²
 * θ   ← θ − clr · g̃ / (√s + ε)         ε = 1e-10, outside the root
 * </pre>
 * (Keras 3 puts ε inside the root and starts the accumulator at 0.1.)
 */
public final class AdaGrad extends Optimizer<AdaGrad.Options> {
    static final String SUM = "sum";

    /**
     * AdaGrad's hyper-parameters.
     *
     * @param lr                      learning rate ≥ 0 (default 1e-2)
     * @param lrDecay                 ≥ 0: the rate in force is lr / (1 + (t − 1)·lrDecay)
     * @param weightDecay             L2 penalty λ ≥ 0
     * @param initialAccumulatorValue ≥ 0, where the sum of squares starts
     * @param eps                     &gt; 0, added to the root (default 1e-10)
     * @param maximize                ascend instead of descend
     */
    public record Options(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps,
                          boolean maximize) implements Hyperparameters<Options> {
        public Options {
            Check.nonNegative("AdaGrad lr", lr);
            Check.nonNegative("AdaGrad lrDecay", lrDecay);
            Check.nonNegative("AdaGrad weightDecay", weightDecay);
            Check.nonNegative("AdaGrad initialAccumulatorValue", initialAccumulatorValue);
            Check.positive("AdaGrad eps", eps);
        }

        @Override
        public Options withLr(double lr) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
        }

        public Options withLrDecay(double lrDecay) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
        }

        public Options withWeightDecay(double weightDecay) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
        }

        public Options withInitialAccumulatorValue(double initialAccumulatorValue) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
        }

        public Options withEps(double eps) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
        }

        public Options withMaximize(boolean maximize) {
            return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize);
        }
    }

    /** PyTorch's defaults: lr 1e-2, no lr decay, no weight decay, accumulator from 0, eps 1e-10. */
    public static Options defaults() {
        return new Options(1e-2, 0, 0, 0, 1e-10, false);
    }

    public AdaGrad(List<Variable> params, Options options) {
        super(params, options);
    }

    public AdaGrad(List<ParamGroup<Options>> groups) {
        super(groups);
    }

    @Override
    protected void update(Tensor value, Tensor grad, ParamState s, Options o) {
        long t = s.nextStep();
        Tensor sum = s.tensor(SUM, value, (float) o.initialAccumulatorValue());
        AdaGradStep c = new AdaGradStep((float) (o.lr() / (1 + (t - 1) * o.lrDecay())), (float) o.eps(),
                (float) o.weightDecay(), o.maximize());
        inChunks(value.size(), (from, to) -> KERNELS.adaGrad(c, value, grad, sum, from, to));
    }

    @Override
    protected List<String> stateTensorNames() {
        return List.of(SUM);
    }

    @Override
    protected List<String> nonNegativeStateTensorNames() {
        return List.of(SUM);
    }

    @Override
    protected List<String> requiredStateNames() {
        return List.of(SUM);
    }
}
