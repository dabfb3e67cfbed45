package dev.descent.cli.optimizer;

/**
 * Hyper-parameters given on the command line; a null leaves the optimizer's own default (PyTorch's, except the
 * momentum of {@code momentum} and {@code nesterov}, 0.9).
 *
 * @param momentum    SGD/RMSprop momentum
 * @param beta1       β₁ of the Adam family
 * @param beta2       β₂ of the Adam family
 * @param eps         ε of the adaptive methods
 * @param weightDecay L2 penalty in the gradient (decoupled for AdamW)
 * @param decay       Keras's time-based decay of SGD: lr / (1 + decay·t)
 * @param rho         AdaDelta's ρ
 * @param alpha       RMSprop's smoothing constant
 */
public record Hyper(Double momentum, Double beta1, Double beta2, Double eps, Double weightDecay, Double decay,
                    Double rho, Double alpha) {

    /** Nothing overridden. */
    public static Hyper none() {
        return new Hyper(null, null, null, null, null, null, null, null);
    }

    public Hyper withMomentum(Double m) {
        return new Hyper(m, beta1, beta2, eps, weightDecay, decay, rho, alpha);
    }

    public Hyper withDecay(Double d) {
        return new Hyper(momentum, beta1, beta2, eps, weightDecay, d, rho, alpha);
    }

    public Hyper withWeightDecay(Double w) {
        return new Hyper(momentum, beta1, beta2, eps, w, decay, rho, alpha);
    }
}
