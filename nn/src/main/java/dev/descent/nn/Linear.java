package dev.descent.nn;

import dev.descent.autograd.Backward;
import dev.descent.autograd.Variable;
import dev.descent.core.Parallel;
import dev.descent.core.Rng;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import dev.descent.core.kernel.Kernels;
import dev.descent.core.kernel.VectorizationProvider;

/**
 * A fully connected layer (Keras: {@code Dense}), as PyTorch's {@code nn.Linear}:
 *
 * <pre>  y = x·Wᵀ + b,   W: [out, in],  b: [out],  x: [N, in] (or [..., in]),  y: [N, out]</pre>
 *
 * <p>Forward and backward are each one fused operation. Forward is a single matrix product that reads {@code W}
 * transposed in place (no copy), into an output whose rows already hold {@code b}. Backward, with
 * {@code G = ∂L/∂y}:
 *
 * <pre>
 *   ∂L/∂x = G·W          [N, out]·[out, in]   — only when x needs a gradient (never for a data batch)
 *   ∂L/∂W = Gᵀ·x         [out, N]·[N, in]     — a transposed read, again without a copy
 *   ∂L/∂b = Σₙ G[n, :]   column sums
 * </pre>
 *
 * <p>Parameters: {@code weight} and, unless disabled, {@code bias}. Initialization: PyTorch's by default
 * ({@code U(−1/√in, 1/√in)} for both), or any {@link WeightInit}.
 */
public final class Linear extends Module {
    private static final Kernels K = VectorizationProvider.kernels();
    /** Elements of the gradient a piece of the bias gradient's column sums should hold to be worth a thread. */
    private static final int COLUMN_SUM_PIECE = 1 << 13;

    private final int inFeatures;
    private final int outFeatures;
    private final Variable weight;
    private final Variable bias;

    /** A layer with a bias and PyTorch's initialization, drawn from the {@link DefaultGenerator}. */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true, WeightInit.PYTORCH_DEFAULT, DefaultGenerator.split());
    }

    /** A layer with PyTorch's initialization, with or without a bias. */
    public Linear(int inFeatures, int outFeatures, boolean bias) {
        this(inFeatures, outFeatures, bias, WeightInit.PYTORCH_DEFAULT, DefaultGenerator.split());
    }

    /**
     * A layer initialized by {@code init} from {@code rng}.
     *
     * @throws IllegalArgumentException if a size is not positive
     */
    public Linear(int inFeatures, int outFeatures, boolean bias, WeightInit init, Rng rng) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: sizes must be positive, got in_features=" + inFeatures
                    + " out_features=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        Tensor w = Tensor.zeros(outFeatures, inFeatures);
        Tensor b = bias ? Tensor.zeros(outFeatures) : null;
        init.apply(w, b, rng);
        this.weight = registerParameter("weight", w);
        this.bias = bias ? registerParameter("bias", b) : null;
    }

    /** The weight {@code W}, shape {@code [out, in]}. */
    public Variable weight() {
        return weight;
    }

    /** The bias {@code b}, shape {@code [out]}, or null if the layer has none. */
    public Variable bias() {
        return bias;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    @Override
    public Variable forward(Variable input) {
        outputShape(input.shape());
        return apply(input, weight, bias);
    }

    /**
     * The fused operation {@code y = x·Wᵀ + b} on its own, as PyTorch's {@code F.linear}: {@code x: [..., in]},
     * {@code weight: [out, in]}, {@code bias: [out]} or null.
     *
     * @throws IllegalArgumentException if the shapes do not fit, naming them
     */
    public static Variable apply(Variable input, Variable weight, Variable bias) {
        Tensor x = input.value();
        Tensor w = weight.value();
        if (w.rank() != 2 || x.rank() < 1 || x.dim(-1) != w.dim(1)
                || bias != null && !bias.shape().equals(Shape.of(w.dim(0)))) {
            throw new IllegalArgumentException("linear: input " + x.shape() + ", weight " + w.shape() + ", bias "
                    + (bias != null ? bias.shape() : "none") + ": need input [..., in], weight [out, in], bias [out]");
        }
        int in = w.dim(1), out = w.dim(0);
        int n = x.shape().outerSize(x.rank() - 1);
        Tensor x2 = x.reshape(n, in);
        Tensor y = Tensor.zeros(n, out);
        if (bias != null) {
            Tensor b = bias.value();
            for (int r = 0; r < n; r++) {
                System.arraycopy(b.array(), b.offset(), y.array(), r * out, out);
            }
        }
        Tensor.gemm(1f, x2, false, w, true, bias != null ? 1f : 0f, y);
        Backward backward = (gradOut, grads) -> {
            Tensor g = gradOut.reshape(n, out);
            if (grads.needs(0)) {
                grads.addFresh(0, Tensor.matmul(g, false, w, false).reshape(x.shape()));
            }
            if (grads.needs(1)) {
                grads.addFresh(1, Tensor.matmul(g, true, x2, false));
            }
            if (bias != null && grads.needs(2)) {
                grads.addFresh(2, columnSums(g));
            }
        };
        Tensor result = y.reshape(x.shape().withDim(x.rank() - 1, out));
        return bias != null
                ? Variable.fromOp("linear", result, backward, input, weight, bias)
                : Variable.fromOp("linear", result, backward, input, weight);
    }

    /**
     * {@code s[j] = Σᵢ g[i][j]} for a 2-D {@code g}, a row at a time; large ones split by blocks of columns over the
     * threads (each column still summed over the rows in order).
     */
    static Tensor columnSums(Tensor g) {
        int rows = g.dim(0), cols = g.dim(1);
        Tensor s = Tensor.zeros(cols);
        int blockColumns = (Math.max(1, COLUMN_SUM_PIECE / Math.max(1, rows)) + 15) & ~15;
        Parallel.forRange(cols, blockColumns, (c0, c1) -> {
            for (int r = 0; r < rows; r++) {
                K.axpy(1f, g.array(), g.offset() + r * cols + c0, s.array(), c0, c1 - c0);
            }
        });
        return s;
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() < 1 || input.dim(-1) != inFeatures) {
            throw new IllegalArgumentException("Linear(in_features=" + inFeatures + ", out_features=" + outFeatures
                    + "): input of shape " + input + " should have " + inFeatures + " features in its last dimension");
        }
        return input.withDim(input.rank() - 1, outFeatures);
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null ? "True"
                : "False");
    }
}
