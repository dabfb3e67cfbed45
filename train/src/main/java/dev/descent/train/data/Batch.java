package dev.descent.train.data;

import dev.descent.core.Tensor;

/**
 * One minibatch: the features {@code [B, …]} and targets {@code [B]} (class indices) or {@code [B, …]} of {@code B}
 * examples. Sequential batches are views into the dataset's storage: do not write into them.
 */
public record Batch(Tensor features, Tensor targets) {
    /** The number of examples in the batch. */
    public int size() {
        return features.dim(0);
    }
}
