package dev.descent.nn;

import dev.descent.autograd.Variable;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;

/**
 * Joins the dimensions {@code startDim..endDim} into one, as PyTorch's {@code nn.Flatten} (by default all but the
 * batch dimension: {@code [N, 28, 28] → [N, 784]}). A view: no element is copied, and the gradient is reshaped back.
 */
public final class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    /** Flattens every dimension after the first. */
    public Flatten() {
        this(1, -1);
    }

    /** Flattens dimensions {@code startDim..endDim} (inclusive; negative counts from the end). */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Variable forward(Variable input) {
        Tensor x = input.value();
        Shape in = x.shape();
        Tensor y = x.reshape(outputShape(in));
        return Variable.fromOp("flatten", y, (g, grads) -> grads.add(0, g.reshape(in)), input);
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() == 0) {
            return Shape.of(1);
        }
        int s = input.axis("Flatten", startDim), e = input.axis("Flatten", endDim);
        if (s > e) {
            throw new IllegalArgumentException("Flatten: start_dim " + startDim + " comes after end_dim " + endDim
                    + " for input of shape " + input);
        }
        int[] d = input.dims();
        int[] out = new int[d.length - (e - s)];
        int k = 0;
        for (int i = 0; i < s; i++) {
            out[k++] = d[i];
        }
        int joined = 1;
        for (int i = s; i <= e; i++) {
            joined *= d[i];
        }
        out[k++] = joined;
        for (int i = e + 1; i < d.length; i++) {
            out[k++] = d[i];
        }
        return Shape.of(out);
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
