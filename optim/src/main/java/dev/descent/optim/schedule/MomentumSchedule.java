package dev.descent.optim.schedule;

import java.util.OptionalDouble;

/**
 * A schedule that also sets the momentum (SGD's and RMSprop's μ, the Adam family's β₁) at each step, as
 * {@link OneCycleLr} does; {@link LrScheduler} applies both.
 */
public interface MomentumSchedule extends Schedule {
    /** The momentum for step t, or empty to leave the optimizer's as it is. */
    OptionalDouble momentum(long t);
}
