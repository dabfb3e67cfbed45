package dev.descent.nn;

import dev.descent.autograd.Variable;
import dev.descent.core.Parallel;
import dev.descent.core.Rng;
import dev.descent.core.Tensor;
import dev.descent.core.kernel.BinaryOp;
import dev.descent.core.kernel.Kernels;
import dev.descent.nn.kernel.LayerKernels;

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
 * the mask drawing below), so the same seed gives the same masks. Forward and backward are each one fused pass;
 * large inputs are cut into {@link Pieces} over {@link Parallel}'s threads, each drawing its own part of the mask,
 * with the same bits on any thread count.
 */
public final class Dropout extends Module {
    private static final Kernels K = FusedKernels.CORE;
    private static final LayerKernels LK = FusedKernels.LAYER;
    /** Random draws made at a time: a small buffer that stays in the first-level cache. */
    private static final int DRAWS = 256;

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
        float[] mask = new float[n];
        float[] xs = x.array();
        int xo = x.offset();
        Tensor y = Tensor.zeros(x.shape());
        float[] ya = y.array();
        if (p < 1) {
            Pieces.forEach(n, (from, to) -> maskAndApply(xs, xo, mask, ya, from, to));
            rng.skip((n + 1L) / 2); // the draws the mask used
        } else { // everything dropped, without drawing: y = x·0, so NaN and ±∞ give NaN, as in PyTorch
            Pieces.forEach(n, (from, to) -> K.binary(BinaryOp.MUL, xs, xo + from, mask, from, ya, from, to - from));
        }
        return Variable.fromOp("dropout", y, (gradOut, grads) -> {
            float[] g = gradOut.array();
            int go = gradOut.offset();
            Tensor dx = Tensor.zeros(gradOut.shape());
            float[] d = dx.array();
            Pieces.forEach(n, (from, to) -> K.binary(BinaryOp.MUL, g, go + from, mask, from, d, from,
                    to - from));
            grads.addFresh(0, dx);
        }, input);
    }

    /**
     * Mask values and outputs {@code from..to-1} (from even): each mask value is {@code 1/(1 − p)} (kept) or 0
     * (dropped), and {@code y = x·mask}. Element k takes its uniform from draw {@code k/2} of the generator — the
     * high 32 bits for even k, the low for odd — so each 64-bit draw gives two elements, and any range can be drawn
     * on its own, from a copy of the generator skipped to it, with the bits a single pass in order would give.
     * Element k is kept when its uniform {@code u ∈ {0, …, 2³² − 1}} satisfies {@code u ≥ ⌈p·2³²⌉}, so it is kept
     * with probability 1 − p (to within 2⁻³²). The draws are made {@link #DRAWS} at a time, and a SIMD kernel
     * ({@link LayerKernels#dropout}) turns them into mask and output.
     */
    private void maskAndApply(float[] xs, int xo, float[] mask, float[] ya, int from, int to) {
        float scale = (float) (1 / (1 - p)); // in double, as PyTorch computes it
        long threshold = (long) Math.ceil(p * 0x1p32);
        Rng draws = rng.copy();
        draws.skip(from >>> 1);
        long[] bits = new long[DRAWS];
        for (int k = from; k < to; k += 2 * DRAWS) {
            int count = Math.min(2 * DRAWS, to - k);
            for (int j = 0; j < (count + 1) / 2; j++) {
                bits[j] = draws.nextLong();
            }
            LK.dropout(bits, 0, threshold, scale, xs, xo + k, mask, k, ya, k, count);
        }
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
