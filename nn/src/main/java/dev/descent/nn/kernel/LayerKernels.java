package dev.descent.nn.kernel;

/**
 * The inner loops of nn's fused layers that core's element-wise kernels would need several passes for: each method
 * is one pass over a contiguous run of {@code n} elements — one row of a batch — doing all of an element's arithmetic
 * at once. Per-feature vectors (γ, β, the statistics) are read from a common offset {@code fOff}.
 *
 * <p>{@link ScalarLayerKernels} is the definition: plain loops that read like the formulas. The Vector API twin in
 * {@code dev.descent.nn.kernel.simd} performs the same float operations in the same order, without fused
 * multiply-adds, so the two agree to the bit; a test keeps them so. Every operation is element-wise, so how a batch
 * is cut into runs (and over threads) changes nothing.
 */
public interface LayerKernels {
    /** {@code "scalar"} or {@code "simd-<lanes>x32"}. */
    String name();

    /** {@code acc[i] += x[i] − c[fOff + i]}: one row of the column sums of deviations from a reference row. */
    void addDeviations(float[] x, int xOff, float[] c, int fOff, float[] acc, int accOff, int n);

    /**
     * One row of batch normalization in training mode, {@code f = fOff + i}:
     * <pre>
     * x̂[i] = ((x[i] − μHi[f]) − μLo[f])·(1/σ̃)[f]
     * y[i] = γ[f]·x̂[i] + β[f]
     * </pre>
     * where the mean is the float pair μHi + μLo. x̂ is not stored: the backward kernels recompute it, bit for bit.
     */
    void batchNormForward(float[] x, int xOff, float[] muHi, float[] muLo, float[] invStd, float[] gamma, float[] beta,
                          int fOff, float[] y, int yOff, int n);

    /** {@code Σg[f] += g[i];  Σgx̂[f] += g[i]·x̂[i]}: one row of the backward pass's sums, x̂ as the forward made it. */
    void batchNormGradSums(float[] g, int gOff, float[] x, int xOff, float[] muHi, float[] muLo, float[] invStd,
                           float[] sumG, float[] sumGH, int fOff, int n);

    /**
     * One row of ∂L/∂x in training mode: {@code dx[i] = s[f]·((g[i] − ḡ[f]) − x̂[i]·ḡx̂[f])}, where {@code s = γ/σ̃},
     * {@code ḡ} is the mean of g and {@code ḡx̂} the mean of g·x̂ over the batch, x̂ as the forward made it.
     */
    void batchNormInputGrad(float[] g, int gOff, float[] x, int xOff, float[] muHi, float[] muLo, float[] invStd,
                            float[] meanG, float[] meanGH, float[] scale, int fOff, float[] dx, int dxOff, int n);

    /**
     * One run of Dropout's forward pass from 64-bit random draws. Element {@code k} takes as its uniform
     * {@code u ∈ {0, …, 2³² − 1}} the high 32 bits of {@code bits[bitsOff + k/2]} when k is even, the low 32 bits
     * when k is odd, and is kept when {@code u ≥ threshold} (a threshold of 2³² keeps nothing):
     * <pre>
     * mask[k] = kept ? scale : +0
     * y[k]    = x[k]·mask[k]
     * </pre>
     */
    void dropout(long[] bits, int bitsOff, long threshold, float scale, float[] x, int xOff, float[] mask, int maskOff,
                 float[] y, int yOff, int n);
}
