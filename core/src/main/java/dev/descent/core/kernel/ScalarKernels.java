package dev.descent.core.kernel;

import java.util.Arrays;

/**
 * The plain-Java kernels: the definition of every result, and the fallback when the Vector API is not available.
 * Each is the readable loop its formula says, element by element; sums run over {@link #STRIPES} interleaved
 * partial sums, in the order {@link Kernels#sum} fixes, which the SIMD kernels follow with vectors.
 */
public final class ScalarKernels implements Kernels {
    static final int TILE_ROWS = 4;
    static final int TILE_COLS = 4;
    /** How many interleaved partial sums {@link Kernels#sum}, {@link Kernels#dot} and friends keep. */
    public static final int STRIPES = 32;

    @Override
    public void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = op.apply(x[xOff + i]);
        }
    }

    @Override
    public void binary(BinaryOp op, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = op.apply(a[aOff + i], b[bOff + i]);
        }
    }

    @Override
    public void binaryScalar(BinaryOp op, float[] a, int aOff, float s, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = op.apply(a[aOff + i], s);
        }
    }

    @Override
    public void scalarBinary(BinaryOp op, float s, float[] b, int bOff, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = op.apply(s, b[bOff + i]);
        }
    }

    @Override
    public void clamp(float[] x, int xOff, float lo, float hi, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.min(Math.max(x[xOff + i], lo), hi);
        }
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void axpby(float alpha, float[] x, int xOff, float beta, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = alpha * x[xOff + i] + beta * y[yOff + i];
        }
    }

    /** Each stripe's running sum is {@code s[i mod STRIPES] += x[i]}; the stripes then {@link #fold}. */
    @Override
    public float sum(float[] x, int xOff, int n) {
        float[] s = new float[STRIPES];
        for (int i = 0; i < n; i++) {
            s[i % STRIPES] += x[xOff + i];
        }
        return fold(s);
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float[] s = new float[STRIPES];
        for (int i = 0; i < n; i++) {
            s[i % STRIPES] = Math.fma(a[aOff + i], b[bOff + i], s[i % STRIPES]);
        }
        return fold(s);
    }

    @Override
    public float max(float[] x, int xOff, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x[xOff + i]);
        }
        return canonicalNaN(m);
    }

    @Override
    public float min(float[] x, int xOff, int n) {
        float m = Float.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.min(m, x[xOff + i]);
        }
        return canonicalNaN(m);
    }

    @Override
    public float sumSquaredDeviations(float[] x, int xOff, float mean, int n) {
        float[] s = new float[STRIPES];
        for (int i = 0; i < n; i++) {
            float d = x[xOff + i] - mean;
            s[i % STRIPES] = Math.fma(d, d, s[i % STRIPES]);
        }
        return fold(s);
    }

    @Override
    public void addSquaredDeviations(float[] x, int xOff, float[] mean, int meanOff, float[] acc, int accOff, int n) {
        for (int i = 0; i < n; i++) {
            float d = x[xOff + i] - mean[meanOff + i];
            acc[accOff + i] += d * d;
        }
    }

    @Override
    public float expShifted(float[] x, int xOff, float shift, float[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = FloatMath.exp(x[xOff + i] - shift);
        }
        return sum(out, outOff, n);
    }

    /**
     * The stripes' sums combined pairwise, {@code s[j] += s[j + w]} for {@code j < w}, w = 16, 8, 4, 2, 1; returns
     * {@code s[0]}, the total, with {@link #canonicalNaN} applied. (Overwrites {@code s}.)
     */
    private static float fold(float[] s) {
        for (int w = STRIPES / 2; w >= 1; w /= 2) {
            for (int j = 0; j < w; j++) {
                s[j] += s[j + w];
            }
        }
        return canonicalNaN(s[0]);
    }

    /**
     * {@link Float#NaN} for any NaN. A sum or an extremum of several NaNs would otherwise carry the sign and payload of
     * whichever NaN the hardware kept, which depends on the operand order a compiler chose (C2 may swap the operands
     * of an add, and picks among the forms of a fused multiply-add by register allocation), and {@code ∞ − ∞} or
     * {@code 0·∞} give x86's negative default NaN where Java's {@code Float.NaN} is positive.
     */
    public static float canonicalNaN(float m) {
        return m != m ? Float.NaN : m;
    }

    @Override
    public int gemmTileRows() {
        return TILE_ROWS;
    }

    @Override
    public int gemmTileCols() {
        return TILE_COLS;
    }

    /**
     * The reference register tile: each {@code C[r][c]} accumulates {@code A[r][p]·B[p][c]} in order with
     * {@link Math#fma}, starting from its value in C (or from zero), exactly as each lane of the SIMD tile does, so
     * the two give the same bits.
     */
    @Override
    public void gemmMicroKernel(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff,
                                int ldc, boolean fromZero) {
        for (int r = 0; r < TILE_ROWS; r++) {
            for (int col = 0; col < TILE_COLS; col++) {
                float acc = fromZero ? 0f : c[cOff + r * ldc + col];
                for (int p = 0; p < kc; p++) {
                    acc = Math.fma(a[aOff + r * lda + p], b[bOff + p * TILE_COLS + col], acc);
                }
                c[cOff + r * ldc + col] = acc;
            }
        }
    }

    /** The reference packing: panel by panel, op(B) element by element, then the zero padding. */
    @Override
    public void gemmPackB(boolean transB, float[] b, int bOff, int ldb, int kc, int cols, int depth, float[] packed,
                          int pOff) {
        for (int c0 = 0; c0 < cols; c0 += TILE_COLS) {
            int from = transB ? bOff + c0 * ldb : bOff + c0;
            packPanel(transB, b, from, ldb, kc, Math.min(TILE_COLS, cols - c0), depth, TILE_COLS, packed,
                    pOff + c0 * depth);
        }
    }

    /**
     * One panel of {@link #gemmPackB}, {@code cols ≤ width} columns of {@code op(B)} in a panel {@code width} wide;
     * the SIMD kernels use it for the panels they do not copy a vector at a time.
     */
    public static void packPanel(boolean transB, float[] b, int bOff, int ldb, int kc, int cols, int depth, int width,
                                 float[] packed, int pOff) {
        if (!transB) {
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, bOff + p * ldb, packed, pOff + p * width, cols);
            }
        } else {
            // Read each stored row of B (a column of op(B)) in order; the strided writes stay within the panel.
            for (int c = 0; c < cols; c++) {
                int src = bOff + c * ldb;
                for (int p = 0; p < kc; p++) {
                    packed[pOff + p * width + c] = b[src + p];
                }
            }
        }
        if (cols < width) {
            for (int p = 0; p < kc; p++) {
                Arrays.fill(packed, pOff + p * width + cols, pOff + (p + 1) * width, 0f);
            }
        }
        Arrays.fill(packed, pOff + kc * width, pOff + depth * width, 0f);
    }

    @Override
    public String name() {
        return "scalar";
    }
}
