package dev.descent.nn;

import dev.descent.core.Tensor;

/**
 * One entry of a module's state: a trainable parameter or a buffer (state that is saved but not trained, such as
 * BatchNorm's running statistics), under its {@code state_dict} name.
 *
 * @param value the live tensor: loading copies into it, optimizers update parameters in place
 * @param kind  what the entry is; it decides which element types a weight file may store for it
 */
public record StateEntry(Tensor value, Kind kind) {

    /** What a state entry holds. */
    public enum Kind {
        /** A trainable parameter (a leaf {@code Variable} that requires a gradient). */
        PARAMETER,
        /** A buffer of real numbers, e.g. {@code running_mean}. */
        BUFFER,
        /**
         * A buffer that holds whole numbers, e.g. {@code num_batches_tracked}: PyTorch stores it as int64, so weight
         * files write it as I64 and accept any numeric type for it.
         */
        INTEGER_BUFFER
    }
}
