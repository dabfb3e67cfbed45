package dev.descent.optim;

/**
 * Argument checks shared by the optimizers' options and the schedules. Each throws
 * {@link IllegalArgumentException} naming the argument, the value and the allowed range; NaN fails every check.
 */
public final class Check {
    private Check() {
    }

    /** {@code value ≥ 0}. */
    public static double nonNegative(String name, double value) {
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
