package dev.descent.nn;

import dev.descent.core.Rng;
import dev.descent.core.Tensor;

/**
 * How a {@link Linear} layer's weight {@code W [out, in]} and bias {@code b [out]} start (see {@link Init} for the
 * formulas).
 */
public enum WeightInit {
    /**
     * PyTorch's default ({@code nn.Linear.reset_parameters}): {@code W ~ U(−1/√in, 1/√in)} — Kaiming uniform with
     * leaky_relu's gain for {@code a = √5} and fan-in, {@code √3·√(2/(1+5))/√in = 1/√in} — and
     * {@code b ~ U(−1/√in, 1/√in)} ({@link Init#linearBiasBound}); the weight is drawn first, then the bias.
     */
    PYTORCH_DEFAULT,
    /** Keras's default: {@code W ~ U(−√(6/(in+out)), √(6/(in+out)))} (Glorot uniform), {@code b = 0}. */
    XAVIER_UNIFORM,
    /** {@code W ~ N(0, 2/(in+out))} (Glorot normal), {@code b = 0}. */
    XAVIER_NORMAL,
    /** For ReLU networks: {@code W ~ U(−√(6/in), √(6/in))} (He uniform: Kaiming, gain √2, fan-in), {@code b = 0}. */
    HE_UNIFORM,
    /** For ReLU networks: {@code W ~ N(0, 2/in)} (He normal: Kaiming, gain √2, fan-in), {@code b = 0}. */
    HE_NORMAL;

    /** Initializes {@code weight} and, if not null, {@code bias} in place. */
    public void apply(Tensor weight, Tensor bias, Rng rng) {
        switch (this) {
            case PYTORCH_DEFAULT -> {
                Init.kaimingUniform(weight, Math.sqrt(5.0), Init.FanMode.FAN_IN, "leaky_relu", rng);
                if (bias != null) {
                    double bound = Init.linearBiasBound(weight.shape());
                    Init.uniform(bias, -bound, bound, rng);
                }
                return;
            }
            case XAVIER_UNIFORM -> Init.xavierUniform(weight, 1.0, rng);
            case XAVIER_NORMAL -> Init.xavierNormal(weight, 1.0, rng);
            case HE_UNIFORM -> Init.kaimingUniform(weight, 0.0, Init.FanMode.FAN_IN, "relu", rng);
            case HE_NORMAL -> Init.kaimingNormal(weight, 0.0, Init.FanMode.FAN_IN, "relu", rng);
        }
        if (bias != null) {
            bias.fill(0f);
        }
    }
}
