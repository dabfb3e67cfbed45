package dev.descent.optim;

/**
 * Argument checks shared by the optimizers' options and the schedules. Each throws
 * {@link IllegalArgumentException} naming the argument, the value and the allowed range; NaN fails every check.
 */
public final class Check {
    private Check() {
    }

    /**
     * {@code value ≥ 0} and finite: a learning rate, a decay or a bound of +∞ would only turn the parameters into
     * infinities and NaN at the next step, so it is refused here rather than discovered there.
     */
    public static double nonNegative(String name, double value) {
        if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " must be a finite number ≥ 0, got " + value);
        }
        return value;
    }

    /** {@code value ≥ 0}, +∞ included: a bound that may be absent (a clipping threshold of +∞ clips nothing). */
    public static double nonNegativeOrInfinite(String name, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(name + " must be ≥ 0, got " + value);
        }
        return value;
    }

    /** {@code value > 0}. */
    public static double positive(String name, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
        return value;
    }

    /** {@code value > 0} and finite. */
    public static double positiveFinite(String name, double value) {
        if (!(value > 0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    /** {@code 0 ≤ value < 1}: momenta and β's. */
    public static double unitInterval(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /** {@code 0 ≤ value ≤ 1}: decay rates that may keep everything (PyTorch's ρ and α). */
    public static double closedUnitInterval(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
        return value;
    }

    /** A finite value. */
    public static double finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
        return value;
    }
}
