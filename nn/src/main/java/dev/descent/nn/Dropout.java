package dev.descent.nn;

import dev.descent.autograd.Variable;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;

/**
 * Inverted dropout (Srivastava et al., 2014), as PyTorch's {@code nn.Dropout(p)}: in training mode each element is
 * zeroed with probability {@code p} and the survivors are scaled by {@code 1/(1 − p)}, so that the expected output
 * equals the input and evaluation needs no rescaling:
 *
 * <pre>
 *   mₖ ~ Bernoulli(1 − p),   yₖ = xₖ·mₖ/(1 − p),   ∂L/∂xₖ = ∂L/∂yₖ·mₖ/(1 − p)
 * </pre>
 *
 * <p>In evaluation mode, and for {@code p = 0}, it is the identity (the input is returned as is). For {@code p = 1}
 * every element is dropped: the output and the gradient are zero.
 *
 * <p>The mask is drawn element by element, row-major, from this layer's own seeded {@link Rng} (element k is kept
 * when the k-th uniform draw {@code u ∈ [0, 1)} ({@link Rng#nextDouble()}) satisfies {@code u ≥ p}), so the same seed gives the same masks.
 */
public final class Dropout extends Module {
    private final double p;
    private final Rng rng;

    /** Dropout with probability {@code p}, its masks drawn from a generator split from the {@link DefaultGenerator}. */
    public Dropout(double p) {
        this(p, DefaultGenerator.split());
    }

    /** Dropout with probability {@code p}, its masks drawn from a generator seeded with {@code seed}. */
    public Dropout(double p, long seed) {
        this(p, new Rng(seed));
    }

    /**
     * Dropout with probability {@code p} in [0, 1], its masks drawn from {@code rng} (which this layer then owns).
     *
     * @throws IllegalArgumentException if p is outside [0, 1]
     */
    public Dropout(double p, Rng rng) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: probability must be in [0, 1], got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    /** The drop probability. */
    public double p() {
        return p;
    }

    /** The mask generator, e.g. to save and {@link Rng#restore} its state in a checkpoint. */
    public Rng rng() {
        return rng;
    }

    @Override
    public Variable forward(Variable input) {
        if (!isTraining() || p == 0) {
            return input;
        }
        Tensor mask = Tensor.zeros(input.shape());
        if (p < 1) {
            float scale = (float) (1 / (1 - p)); // in double, as PyTorch computes it
            float[] m = mask.array();
            for (int k = 0; k < m.length; k++) {
                m[k] = rng.nextDouble() >= p ? scale : 0f;
            }
        }
        return input.maskMul(mask);
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
