package dev.descent.cli.optimizer;

import dev.descent.autograd.Variable;
import dev.descent.cli.BadInputException;
import dev.descent.optim.AdaDelta;
import dev.descent.optim.AdaGrad;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.Adamax;
import dev.descent.optim.NAdam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.RAdam;
import dev.descent.optim.RmsProp;
import dev.descent.optim.Sgd;

import java.util.List;

/** Builds the real {@code optim} optimizers from a name, a learning rate and command-line overrides. */
public final class Optimizers {

    private static final double DEFAULT_MOMENTUM = 0.9;

    private Optimizers() {
    }

    /**
     * The optimizer {@code kind} over {@code params}; invalid values (a negative rate, β ≥ 1) come back as a
     * {@link BadInputException} carrying optim's message.
     */
    public static Optimizer<?> create(OptimizerKind kind, List<Variable> params, double lr, Hyper h) {
        try {
            return switch (kind) {
                case SGD -> new Sgd(params, sgd(lr, h, h.momentum() == null ? 0 : h.momentum(), false));
                case MOMENTUM -> new Sgd(params, sgd(lr, h, or(h.momentum(), DEFAULT_MOMENTUM), false));
                case NESTEROV -> new Sgd(params, sgd(lr, h, or(h.momentum(), DEFAULT_MOMENTUM), true));
                case ADAGRAD -> {
                    AdaGrad.Options o = AdaGrad.defaults().withLr(lr);
                    o = h.eps() == null ? o : o.withEps(h.eps());
                    o = h.weightDecay() == null ? o : o.withWeightDecay(h.weightDecay());
                    yield new AdaGrad(params, o);
                }
                case ADADELTA -> {
                    AdaDelta.Options o = AdaDelta.defaults().withLr(lr);
                    o = h.rho() == null ? o : o.withRho(h.rho());
                    o = h.eps() == null ? o : o.withEps(h.eps());
                    o = h.weightDecay() == null ? o : o.withWeightDecay(h.weightDecay());
                    yield new AdaDelta(params, o);
                }
                case RMSPROP -> {
                    RmsProp.Options o = RmsProp.defaults().withLr(lr);
                    o = h.alpha() == null ? o : o.withAlpha(h.alpha());
                    o = h.eps() == null ? o : o.withEps(h.eps());
                    o = h.momentum() == null ? o : o.withMomentum(h.momentum());
                    o = h.weightDecay() == null ? o : o.withWeightDecay(h.weightDecay());
                    yield new RmsProp(params, o);
                }
                case ADAM -> new Adam(params, adam(Adam.defaults(), lr, h));
                case ADAMW -> new AdamW(params, adam(AdamW.defaults(), lr, h));
                case ADAMAX -> {
                    Adamax.Options o = Adamax.defaults().withLr(lr)
                            .withBetas(or(h.beta1(), Adamax.defaults().beta1()), or(h.beta2(),
                                    Adamax.defaults().beta2()));
                    o = h.eps() == null ? o : o.withEps(h.eps());
                    o = h.weightDecay() == null ? o : o.withWeightDecay(h.weightDecay());
                    yield new Adamax(params, o);
                }
                case NADAM -> {
                    NAdam.Options o = NAdam.defaults().withLr(lr)
                            .withBetas(or(h.beta1(), NAdam.defaults().beta1()), or(h.beta2(),
                                    NAdam.defaults().beta2()));
                    o = h.eps() == null ? o : o.withEps(h.eps());
                    o = h.weightDecay() == null ? o : o.withWeightDecay(h.weightDecay());
                    yield new NAdam(params, o);
                }
                case RADAM -> {
                    RAdam.Options o = RAdam.defaults().withLr(lr)
                            .withBetas(or(h.beta1(), RAdam.defaults().beta1()), or(h.beta2(),
                                    RAdam.defaults().beta2()));
                    o = h.eps() == null ? o : o.withEps(h.eps());
                    o = h.weightDecay() == null ? o : o.withWeightDecay(h.weightDecay());
                    yield new RAdam(params, o);
                }
            };
        } catch (IllegalArgumentException e) {
            throw new BadInputException(kind.cliName() + ": " + e.getMessage(), e);
        }
    }

    private static Sgd.Options sgd(double lr, Hyper h, double momentum, boolean nesterov) {
        Sgd.Options o = Sgd.defaults().withLr(lr).withMomentum(momentum).withNesterov(nesterov);
        o = h.weightDecay() == null ? o : o.withWeightDecay(h.weightDecay());
        return h.decay() == null ? o : o.withDecay(h.decay());
    }

    private static Adam.Options adam(Adam.Options defaults, double lr, Hyper h) {
        Adam.Options o = defaults.withLr(lr).withBetas(or(h.beta1(), defaults.beta1()), or(h.beta2(),
                defaults.beta2()));
        o = h.eps() == null ? o : o.withEps(h.eps());
        return h.weightDecay() == null ? o : o.withWeightDecay(h.weightDecay());
    }

    private static double or(Double value, double fallback) {
        return value == null ? fallback : value;
    }
}
