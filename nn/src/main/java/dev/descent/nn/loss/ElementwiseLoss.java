package dev.descent.nn.loss;

import dev.descent.core.Tensor;

/** Checks shared by the losses that compare a prediction and a target element by element. */
final class ElementwiseLoss {
    private ElementwiseLoss() {
    }

    /** Requires equal shapes: PyTorch only warns when they differ, but a broadcast target is almost always a bug. */
    static void requireSameShape(String op, Tensor prediction, Tensor target) {
        if (!prediction.shape().equals(target.shape())) {
            throw new IllegalArgumentException(op + ": target shape " + target.shape()
                    + " differs from prediction shape " + prediction.shape());
        }
    }
}
