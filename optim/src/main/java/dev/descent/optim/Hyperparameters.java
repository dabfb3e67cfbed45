package dev.descent.optim;

import java.util.OptionalDouble;

/**
 * The hyper-parameters of one parameter group: an immutable record per optimizer ({@link Sgd.Options},
 * {@link Adam.Options}, …) whose canonical constructor checks each value's range, with {@code withX} methods that
 * return a changed copy. Start from the optimizer's {@code defaults()} (PyTorch's defaults):
 * <pre>{@code Adam.defaults().withLr(3e-4).withWeightDecay(1e-4)}</pre>
 *
 * <p>Record components are the optimizer's hyper-parameters, so a state dict can list them by name (doubles and
 * booleans only).
 *
 * @param <O> the record itself
 */
public interface Hyperparameters<O extends Hyperparameters<O>> {
    /** The learning rate. */
    double lr();

    /** A copy with another learning rate (what schedules set). */
    O withLr(double lr);

    /**
     * Checks that need several values at once (Nesterov needs momentum, for example). The optimizer calls it whenever a
     * group's options are set, so a {@code withX} chain may pass through inconsistent states on the way.
     */
    default void validate() {
    }

    /**
     * The coefficient a one-cycle policy cycles against the learning rate — momentum for SGD and RMSprop, β₁ for the
     * Adam family — or empty when the optimizer has none.
     */
    default OptionalDouble cycledMomentum() {
        return OptionalDouble.empty();
    }

    /** A copy with another {@link #cycledMomentum()}; unsupported when there is none. */
    default O withCycledMomentum(double value) {
        Class<?> owner = getClass().getEnclosingClass() != null ? getClass().getEnclosingClass() : getClass();
        throw new UnsupportedOperationException(owner.getSimpleName() + " has no momentum or β₁ to cycle");
    }

    /** Options with a momentum μ (SGD, RMSprop): the coefficient a one-cycle policy cycles. */
    interface WithMomentum<O extends WithMomentum<O>> extends Hyperparameters<O> {
        /** The momentum μ. */
        double momentum();

        /** A copy with another momentum. */
        O withMomentum(double momentum);

        @Override
        default OptionalDouble cycledMomentum() {
            return OptionalDouble.of(momentum());
        }

        @Override
        default O withCycledMomentum(double value) {
            return withMomentum(value);
        }
    }

    /** Options with Adam's decay rates β₁, β₂ (the Adam family): β₁ is what a one-cycle policy cycles. */
    interface WithBetas<O extends WithBetas<O>> extends Hyperparameters<O> {
        /** β₁, the decay of the first moment. */
        double beta1();

        /** β₂, the decay of the second moment. */
        double beta2();

        /** A copy with other decay rates. */
        O withBetas(double beta1, double beta2);

        @Override
        default OptionalDouble cycledMomentum() {
            return OptionalDouble.of(beta1());
        }

        @Override
        default O withCycledMomentum(double value) {
            return withBetas(value, beta2());
        }
    }
}
