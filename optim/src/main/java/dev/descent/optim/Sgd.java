package dev.descent.optim;

import dev.descent.autograd.Variable;
import dev.descent.core.Tensor;
import dev.descent.optim.kernel.UpdateKernels.SgdStep;

import java.util.List;

/**
 * Stochastic gradient descent, with momentum, Nesterov momentum, L2 weight decay and Keras's time-based decay.
 *
 * <p><b>The lecture's form</b> (Deep Learning book, Algorithms 8.1–8.3; Ruder §4.1–4.2), learning rate ε, momentum
 * α, gradient g of the minibatch loss:
 * <pre>
 * SGD        θ ← θ − ε·g
 * momentum   v ← α·v − ε·g;             θ ← θ + v
 * Nesterov   v ← α·v − ε·∇L(θ + α·v);   θ ← θ + v          (gradient at the look-ahead point)
 * </pre>
 *
 * <p><b>PyTorch's form</b>, which this class computes: with g̃ = g + λ·θ (weight decay λ; −g first when maximizing),
 * momentum μ and dampening τ,
 * <pre>
 * b ← g̃ on the first step, then b ← μ·b + (1 − τ)·g̃
 * d ← Nesterov ? g̃ + μ·b : b
 * θ ← θ − lr·d
 * </pre>
 * With a constant learning rate this is the book's momentum with {@code v = −lr·b}; the two part when the learning
 * rate changes, because PyTorch rescales the whole buffer by the new rate at once. PyTorch's Nesterov (like Keras's)
 * never evaluates a gradient at a look-ahead point: it is the book's algorithm rewritten in the variable
 * {@code θ + α·v}, so the stored parameters are the look-ahead point.
 *
 * <p><b>Time-based decay</b> (Keras's legacy {@code decay}, the lecture's schedule): the rate in force is
 * {@code lr / (1 + decay·t)} with t the number of updates already applied (0 on the first). It composes with a
 * schedule, which sets {@code lr}.
 */
public final class Sgd extends Optimizer<Sgd.Options> {
    static final String MOMENTUM_BUFFER = "momentum_buffer";

    /**
     * SGD's hyper-parameters.
     *
     * @param lr          learning rate, ≥ 0 (PyTorch's default 1e-3)
     * @param momentum    μ in [0, 1); 0 is plain SGD
     * @param dampening   τ in [0, 1]: the share of the gradient kept out of the momentum buffer
     * @param weightDecay L2 penalty λ ≥ 0, added to the gradient as λ·θ
     * @param nesterov    Nesterov momentum (needs momentum &gt; 0 and no dampening)
     * @param maximize    ascend instead of descend
     * @param decay       Keras's time-based decay ≥ 0: lr / (1 + decay·t)
     */
    public record Options(double lr, double momentum, double dampening, double weightDecay, boolean nesterov,
                          boolean maximize, double decay) implements Hyperparameters.WithMomentum<Options> {
        public Options {
            Check.nonNegative("SGD lr", lr);
            Check.unitInterval("SGD momentum", momentum);
            Check.closedUnitInterval("SGD dampening", dampening);
            Check.nonNegative("SGD weightDecay", weightDecay);
            Check.nonNegative("SGD decay", decay);
        }

        @Override
        public void validate() {
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("SGD: Nesterov momentum requires momentum > 0 and dampening = 0, "
                        + "got momentum = " + momentum + ", dampening = " + dampening);
            }
        }

        @Override
        public Options withLr(double lr) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize, decay);
        }

        @Override
        public Options withMomentum(double momentum) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize, decay);
        }

        public Options withDampening(double dampening) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize, decay);
        }

        public Options withWeightDecay(double weightDecay) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize, decay);
        }

        public Options withNesterov(boolean nesterov) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize, decay);
        }

        public Options withMaximize(boolean maximize) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize, decay);
        }

        public Options withDecay(double decay) {
            return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize, decay);
        }
    }

    /** PyTorch's defaults: lr 1e-3, no momentum, no dampening, no weight decay; no Keras decay. */
    public static Options defaults() {
        return new Options(1e-3, 0, 0, 0, false, false, 0);
    }

    public Sgd(List<Variable> params, Options options) {
        super(params, options);
    }

    public Sgd(List<ParamGroup<Options>> groups) {
        super(groups);
    }

    @Override
    protected double lrInForce(Options o) {
        return o.lr() / (1 + o.decay() * steps());
    }

    @Override
    protected void update(Tensor value, Tensor grad, ParamState s, Options o) {
        s.nextStep();
        boolean first = o.momentum() != 0 && !s.has(MOMENTUM_BUFFER);
        Tensor buf = o.momentum() != 0 ? s.tensor(MOMENTUM_BUFFER, value, 0f) : null;
        SgdStep c = new SgdStep((float) lrInForce(o), (float) o.weightDecay(), (float) o.momentum(),
                (float) (1 - o.dampening()), o.nesterov(), o.maximize(), first);
        inChunks(value.size(), (from, to) -> KERNELS.sgd(c, value, grad, buf, from, to));
    }

    @Override
    protected List<String> stateTensorNames() {
        return List.of(MOMENTUM_BUFFER);
    }
}
