package dev.descent.train.callbacks;

/** The checks the callbacks' options share; each message names the callback, the option and the value. */
final class OptionChecks {
    private OptionChecks() {
    }

    /** A count of epochs, ≥ 0. */
    static int nonNegative(String owner, String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(owner + ": " + name + " must be ≥ 0, got " + value);
        }
        return value;
    }

    /** A finite value ≥ 0: a {@code minDelta}, a floor of the learning rate. */
    static double finiteNonNegative(String owner, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be finite and ≥ 0, got " + value);
        }
        return value;
    }
}
