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
 * <p>The mask is drawn row-major from this layer's own seeded {@link Rng}, two elements per 64-bit draw (see
 * the mask drawing below), so the same seed gives the same masks. Forward and backward are each one fused pass.
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
        Tensor x = input.value();
        int n = x.size();
        float[] mask = drawMask(n);
        float[] xs = x.array();
        int xo = x.offset();
        Tensor y = Tensor.zeros(x.shape());
        float[] ya = y.array();
        for (int k = 0; k < n; k++) {
            ya[k] = xs[xo + k] * mask[k];
        }
        return Variable.fromOp("dropout", y, (gradOut, grads) -> {
            float[] g = gradOut.array();
            int go = gradOut.offset();
            Tensor dx = Tensor.zeros(gradOut.shape());
            float[] d = dx.array();
            for (int k = 0; k < n; k++) {
                d[k] = g[go + k] * mask[k];
            }
            grads.addFresh(0, dx);
        }, input);
    }

    /**
     * {@code n} mask values, each {@code 1/(1 − p)} (kept) or 0 (dropped). Each 64-bit draw of the generator gives two
     * 32-bit uniforms, high half first; element k is kept when its uniform {@code u ∈ {0, …, 2³² − 1}} satisfies
     * {@code u ≥ ⌈p·2³²⌉}, so it is kept with probability 1 − p (to within 2⁻³²) and never for p = 1.
     */
    private float[] drawMask(int n) {
        float[] mask = new float[n];
        if (p >= 1) {
            return mask;
        }
        float scale = (float) (1 / (1 - p)); // in double, as PyTorch computes it
        long threshold = (long) Math.ceil(p * 0x1p32);
        int k = 0;
        for (; k + 1 < n; k += 2) {
            long bits = rng.nextLong();
            mask[k] = keep(bits >>> 32, threshold) * scale;
            mask[k + 1] = keep(bits & 0xffffffffL, threshold) * scale;
        }
        if (k < n) {
            mask[k] = keep(rng.nextLong() >>> 32, threshold) * scale;
        }
        return mask;
    }

    /** 1 if {@code u ≥ threshold}, else 0, without a branch (a random branch is mispredicted half the time). */
    private static float keep(long u, long threshold) {
        return 1 - ((u - threshold) >>> 63);
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
