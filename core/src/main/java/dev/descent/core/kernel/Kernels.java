package dev.descent.core.kernel;

/**
 * The inner loops of Descent, over contiguous runs of float arrays.
 *
 * <p>Two implementations exist: {@link ScalarKernels}, plain Java that runs everywhere and defines the results, and
 * a Vector API implementation in {@code dev.descent.core.kernel.simd} that {@link VectorizationProvider} loads when
 * the {@code jdk.incubator.vector} module is readable. Every method reads {@code n} elements starting at the given
 * offsets. Outputs may alias inputs exactly (same array and offset) but must not otherwise overlap them.
 *
 * <p>The two implementations give the same bits for every kernel, on every JDK and whether the JIT has compiled a
 * kernel yet or not, so that the same seed gives the same bits. Three rules make that possible:
 * <ul>
 *   <li>Every operation is one whose result IEEE 754 fixes: add, subtract, multiply, divide, square root, fused
 *       multiply-add where the scalar twin calls {@link Math#fma}, max, min, comparisons, bit reinterpretation.
 *       {@code exp}, {@code log}, {@code tanh} and {@code sigmoid} are {@link FloatMath}'s polynomials, never the
 *       JDK's or a vector math library's routines, which are not bit-reproducible. (The one exception,
 *       {@link BinaryOp#POW}, runs {@link Math#pow} in both implementations: the same bits within a JVM, since
 *       HotSpot's interpreter and compilers call the same routine, but not promised across JDKs.)</li>
 *   <li>Every float sum is taken in one fixed order, the one {@link #sum} describes, whatever the vector width —
 *       never by a lane reduction whose order the Vector API leaves open.</li>
 *   <li>A NaN result of a transcendental function, a sum or an extremum is {@link Float#NaN} itself, not whichever
 *       NaN the hardware happened to keep (its sign and payload can depend on the operand order a compiler chose).
 *       Element-wise arithmetic passes NaNs on as the hardware does; compare such results with
 *       {@link Float#floatToIntBits}, which treats every NaN as one.</li>
 * </ul>
 * {@code core}'s {@code JitStateTest} checks the first two rules where they break in practice: it runs the kernels in
 * fresh JVMs, interpreted and after C2 has compiled them, and compares the bits. NaN propagates through every kernel.
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

    /**
     * {@code Σ x[i]}, in float, in this order: 32 interleaved partial sums, the j-th adding
     * {@code x[j], x[j + 32], x[j + 64], …} in turn from +0 (so {@code s[i mod 32] += x[i]}), then combined pairwise,
     * {@code s[j] += s[j + w]} for {@code j < w} with w = 16, 8, 4, 2, 1. The stripes are four 8-float vectors or 32
     * scalars: the result is the same on every vector width. Pairwise combining and 32 independent chains also make
     * the rounding error grow more slowly than one running sum's (≈ n/32 + 5 roundings deep instead of n). 0 when {@code n = 0}; {@link Float#NaN} for any NaN.
     */
    float sum(float[] x, int xOff, int n);

    /** {@code Σ a[i]·b[i]}, in {@link #sum}'s order, each term added with one fused multiply-add. */
    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /**
     * {@code max x[i]}; {@link Float#NaN} if any element is NaN; −∞ when {@code n = 0}. +0 counts as larger than −0,
     * as in {@link Math#max}; the order of comparison does not change the result.
     */
    float max(float[] x, int xOff, int n);

    /** {@code min x[i]}; {@link Float#NaN} if any element is NaN; +∞ when {@code n = 0}; −0 below +0. */
    float min(float[] x, int xOff, int n);

    /**
     * {@code Σ (x[i] − μ)²}: the second pass of a two-pass variance, whose first pass found the mean μ. In
     * {@link #sum}'s order, each square added with one fused multiply-add {@code fma(d, d, s)}, {@code d = x[i] − μ}.
     */
    float sumSquaredDeviations(float[] x, int xOff, float mean, int n);

    /**
     * {@code acc[i] += (x[i] − μ[i])²}: one row of a variance taken along an outer axis, where each column has its own
     * mean (batch normalization over the batch axis).
     */
    void addSquaredDeviations(float[] x, int xOff, float[] mean, int meanOff, float[] acc, int accOff, int n);

    /**
     * {@code out[i] = exp(x[i] − shift)} ({@link FloatMath#exp}), returning {@code Σ out[i]} as {@link #sum} takes
     * it: the inner loop of a stable softmax and log-sum-exp, where {@code shift} is the maximum.
     */
    float expShifted(float[] x, int xOff, float shift, float[] out, int outOff, int n);

    /** Rows of the register tile that {@link #gemmMicroKernel} computes. */
    int gemmTileRows();

    /** Columns of the register tile that {@link #gemmMicroKernel} computes. */
    int gemmTileCols();

    /**
     * One register tile of matrix multiply, {@code C[r][c] = C0[r][c] + Σ_p A[r][p]·B[p][c]} for a full
     * {@link #gemmTileRows()} × {@link #gemmTileCols()} tile, where {@code C0} is the tile's value in C or, when
     * {@code fromZero}, zero (C is then only written, so whatever it held, NaN included, does not survive). Each
     * element is accumulated from {@code C0} in order {@code p = 0, 1, …, kc−1}, with one fused multiply-add per step,
     * so every implementation gives the same bits — and, since {@link Gemm} starts from zero or from β·C in the first
     * depth block and then calls this once per block in order, each element of the product is a single chain of fused
     * multiply-adds over the whole depth, whatever the blocking. {@code A[r][p] = a[aOff + r·lda + p]} (a packed panel,
     * {@code lda = kc}, or rows of the caller's A read in place) and {@code B[p][c] = b[bOff + p·cols + c]} (a packed
     * panel); C is row-major, {@code C[r][c] = c[cOff + r·ldc + c]}. {@code kc} is even: {@link Gemm} pads its panels
     * with a zero step, and reads A in place only when the depth block is even.
     */
    void gemmMicroKernel(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff, int ldc,
                         boolean fromZero);

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
