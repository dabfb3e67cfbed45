package dev.descent.core.kernel;

/**
 * The inner loops of Descent, over contiguous runs of float arrays.
 *
 * <p>Two implementations exist: {@link ScalarKernels}, plain Java that runs everywhere and defines the results, and
 * a Vector API implementation in {@code dev.descent.core.kernel.simd} that {@link VectorizationProvider} loads when
 * the {@code jdk.incubator.vector} module is readable. Every method reads {@code n} elements starting at the given
 * offsets. Outputs may alias inputs exactly (same array and offset) but must not otherwise overlap them.
 *
 * <p>The two implementations give the same bits for the exact operations (add, subtract, multiply, divide, max, min,
 * comparisons, clamp, the exact unary functions). They may differ by rounding where the order of a sum differs
 * (reductions: the SIMD kernels keep several float accumulators, the scalar ones one double), where the SIMD kernels
 * fuse a multiply and an add ({@link #axpy}, {@link #axpby}), and by up to {@link UnaryOp#TRANSCENDENTAL_ULPS} ulps
 * for {@code exp}, {@code log}, {@code tanh} and {@code sigmoid}. NaN propagates through every kernel.
 */
public interface Kernels {

    /** {@code out[i] = op(x[i])}. */
    void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n);

    /** {@code out[i] = op(a[i], b[i])}. */
    void binary(BinaryOp op, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n);

    /** {@code out[i] = op(a[i], s)}. */
    void binaryScalar(BinaryOp op, float[] a, int aOff, float s, float[] out, int outOff, int n);

    /** {@code out[i] = op(s, b[i])}. */
    void scalarBinary(BinaryOp op, float s, float[] b, int bOff, float[] out, int outOff, int n);

    /** {@code out[i] = min(max(x[i], lo), hi)}; NaN stays NaN. */
    void clamp(float[] x, int xOff, float lo, float hi, float[] out, int outOff, int n);

    /** {@code y[i] += α·x[i]}. */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

    /** {@code y[i] = α·x[i] + β·y[i]}. */
    void axpby(float alpha, float[] x, int xOff, float beta, float[] y, int yOff, int n);

    /** {@code Σ x[i]}; 0 when {@code n = 0}. */
    float sum(float[] x, int xOff, int n);

    /** {@code Σ a[i]·b[i]}. */
    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /** {@code max x[i]}; NaN if any element is NaN; −∞ when {@code n = 0}. */
    float max(float[] x, int xOff, int n);

    /** {@code min x[i]}; NaN if any element is NaN; +∞ when {@code n = 0}. */
    float min(float[] x, int xOff, int n);

    /** {@code Σ (x[i] − μ)²}: the second pass of a two-pass variance, whose first pass found the mean μ. */
    float sumSquaredDeviations(float[] x, int xOff, float mean, int n);

    /**
     * {@code acc[i] += (x[i] − μ[i])²}: one row of a variance taken along an outer axis, where each column has its own
     * mean (batch normalization over the batch axis).
     */
    void addSquaredDeviations(float[] x, int xOff, float[] mean, int meanOff, float[] acc, int accOff, int n);

    /**
     * {@code out[i] = exp(x[i] − shift)}, returning {@code Σ out[i]}: the inner loop of a stable softmax and
     * log-sum-exp, where {@code shift} is the maximum.
     */
    float expShifted(float[] x, int xOff, float shift, float[] out, int outOff, int n);

    /** Rows of the register tile that {@link #gemmMicroKernel} computes. */
    int gemmTileRows();

    /** Columns of the register tile that {@link #gemmMicroKernel} computes. */
    int gemmTileCols();

    /**
     * One register tile of matrix multiply, {@code C[r][c] = Σ_p A[r][p]·B[p][c] + β·C[r][c]} for a full
     * {@link #gemmTileRows()} × {@link #gemmTileCols()} tile. Each sum is taken in order {@code p = 0, 1, …, kc−1}
     * with one fused multiply-add per step, then added to {@code β·C} (C is not read when {@code β = 0}), so every
     * implementation gives the same bits. The packed panels hold {@code A[r][p] = a[aOff + r·kc + p]} and
     * {@code B[p][c] = b[bOff + p·cols + c]}; C is row-major, {@code C[r][c] = c[cOff + r·ldc + c]}. {@code kc} is
     * even: {@link Gemm} pads its panels with a zero step.
     */
    void gemmMicroKernel(int kc, float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff, int ldc);

    /**
     * Packs {@code cols} columns of {@code op(B)} into consecutive panels for {@link #gemmMicroKernel}: with
     * {@code w = }{@link #gemmTileCols()}, column {@code c} goes to panel {@code c / w}, which starts at
     * {@code pOff + (c / w)·w·depth}, as {@code packed[panel + p·w + c % w] = op(B)[p][c]} for {@code p < kc}, where
     * {@code op(B)[p][c] = b[bOff + p·ldb + c]}, or {@code b[bOff + c·ldb + p]} when {@code transB}. The last panel's
     * columns past {@code cols} and every panel's steps {@code kc..depth−1} are zero.
     */
    void gemmPackB(boolean transB, float[] b, int bOff, int ldb, int kc, int cols, int depth, float[] packed,
                   int pOff);

    /** A short name for logs and benchmark reports, e.g. {@code "scalar"} or {@code "simd-256"}. */
    String name();
}
