package dev.descent.core.kernel;

/**
 * The plain-Java kernels: the definition of every result, and the fallback when the Vector API is not available.
 * Each is the readable loop its formula says, element by element; reductions accumulate in double, so this twin is
 * also the more accurate one.
 */
public final class ScalarKernels implements Kernels {
    static final int TILE_ROWS = 4;
    static final int TILE_COLS = 4;

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

    @Override
    public float sum(float[] x, int xOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[xOff + i];
        }
        return (float) s;
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) a[aOff + i] * b[bOff + i];
        }
        return (float) s;
    }

    @Override
    public float max(float[] x, int xOff, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x[xOff + i]);
        }
        return m;
    }

    @Override
    public float min(float[] x, int xOff, int n) {
        float m = Float.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.min(m, x[xOff + i]);
        }
        return m;
    }

    @Override
    public float sumSquaredDeviations(float[] x, int xOff, float mean, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) x[xOff + i] - mean;
            s += d * d;
        }
        return (float) s;
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
        double s = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[xOff + i] - shift);
            out[outOff + i] = e;
            s += e;
        }
        return (float) s;
    }

    @Override
    public int gemmTileRows() {
        return TILE_ROWS;
    }

    @Override
    public int gemmTileCols() {
        return TILE_COLS;
    }

    @Override
    public void gemmMicroKernel(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        float[] acc = new float[TILE_ROWS * TILE_COLS];
        for (int k = 0; k < kc; k++) {
            int ak = aOff + k * TILE_ROWS;
            int bk = bOff + k * TILE_COLS;
            for (int r = 0; r < TILE_ROWS; r++) {
                float ar = a[ak + r];
                for (int col = 0; col < TILE_COLS; col++) {
                    acc[r * TILE_COLS + col] += ar * b[bk + col];
                }
            }
        }
        for (int r = 0; r < TILE_ROWS; r++) {
            for (int col = 0; col < TILE_COLS; col++) {
                c[cOff + r * ldc + col] += acc[r * TILE_COLS + col];
            }
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
