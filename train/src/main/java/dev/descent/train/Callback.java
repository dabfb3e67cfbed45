package dev.descent.train;

import dev.descent.core.Tensor;

import java.util.Map;

/**
 * Something that watches or steers a {@link Trainer#fit fit}, as Keras's callbacks: it is told when training, each
 * epoch and each batch begin and end, and may change the learning rate, save files or stop training through the
 * {@link Training} it is handed.
 *
 * <p>Order within an epoch: {@link #onEpochBegin}, then per batch the optimizer step followed by
 * {@link #onBatchEnd}, then validation, then {@link #onEpochEnd} with the epoch's metrics — where a callback may add
 * metrics of its own, which later callbacks, the history and the printed line see.
 *
 * <p>A callback that keeps state across epochs (a patience counter, the best value so far) returns it from
 * {@link #state()} so that a checkpoint carries it and a resumed run continues exactly.
 */
public interface Callback {
    /** Before the first epoch of this fit (after a resumed checkpoint has been loaded). */
    default void onTrainBegin(Training training) {
    }

    /** Before epoch {@code epoch} (0-based). */
    default void onEpochBegin(Training training, int epoch) {
    }

    /** After batch {@code batch} (0-based) of the current epoch has been applied; {@code loss} is its loss. */
    default void onBatchEnd(Training training, int batch, double loss) {
    }

    /** After the epoch's validation; {@code logs} holds its metrics and may be added to. */
    default void onEpochEnd(Training training, EpochLogs logs) {
    }

    /** After the last epoch, or after training was stopped. */
    default void onTrainEnd(Training training) {
    }

    /** The state to keep in a checkpoint; {@code null} (the default) for a callback without state. */
    default State state() {
        return null;
    }

    /** Puts back a state returned by {@link #state()}, when a run resumes from a checkpoint. */
    default void restoreState(State state) {
        throw new IllegalArgumentException(getClass().getSimpleName() + " keeps no state, but the checkpoint has some");
    }

    /**
     * A callback's state: named numbers and named tensors (for example the best weights so far).
     *
     * @param scalars exact doubles
     * @param tensors copied tensors
     */
    record State(Map<String, Double> scalars, Map<String, Tensor> tensors) {
        /** The scalar {@code name}, which must be present. */
        public double scalar(String name) {
            Double v = scalars.get(name);
            if (v == null) {
                throw new IllegalArgumentException("callback state has no entry '" + name + "'; it has "
                        + scalars.keySet());
            }
            return v;
        }

        /**
         * The scalar {@code name} as a whole number ≥ {@code min} (an epoch index, a counter): a damaged checkpoint
         * holding 2.5, NaN or 1e12 there is refused, naming the entry, rather than cast into a wrong count.
         */
        public int count(String name, int min) {
            double v = scalar(name);
            if (!(v >= min && v <= Integer.MAX_VALUE && v == Math.rint(v))) {
                throw new IllegalArgumentException("callback state entry '" + name + "' must be a whole number ≥ "
                        + min + ", got " + v);
            }
            return (int) v;
        }
    }
}
