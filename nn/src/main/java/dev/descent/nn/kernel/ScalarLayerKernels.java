package dev.descent.nn.kernel;

/** The definition of {@link LayerKernels}: each formula as a plain loop, the fallback when SIMD is unavailable. */
public final class ScalarLayerKernels implements LayerKernels {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void addDeviations(float[] x, int xOff, float[] c, int fOff, float[] acc, int accOff, int n) {
        for (int i = 0; i < n; i++) {
            acc[accOff + i] += x[xOff + i] - c[fOff + i];
        }
    }

    /** x̂ of one element, as every batch-normalization kernel computes it. */
    private static float xHat(float x, float muHi, float muLo, float invStd) {
        return (x - muHi - muLo) * invStd;
    }

    @Override
    public void batchNormForward(float[] x, int xOff, float[] muHi, float[] muLo, float[] invStd, float[] gamma,
                                 float[] beta, int fOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            int f = fOff + i;
            y[yOff + i] = gamma[f] * xHat(x[xOff + i], muHi[f], muLo[f], invStd[f]) + beta[f];
        }
    }

    @Override
    public void batchNormGradSums(float[] g, int gOff, float[] x, int xOff, float[] muHi, float[] muLo,
                                  float[] invStd, float[] sumG, float[] sumGH, int fOff, int n) {
        for (int i = 0; i < n; i++) {
            int f = fOff + i;
            float gv = g[gOff + i];
            sumG[f] += gv;
            sumGH[f] += gv * xHat(x[xOff + i], muHi[f], muLo[f], invStd[f]);
        }
    }

    @Override
    public void batchNormInputGrad(float[] g, int gOff, float[] x, int xOff, float[] muHi, float[] muLo,
                                   float[] invStd, float[] meanG, float[] meanGH, float[] scale, int fOff, float[] dx,
                                   int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            int f = fOff + i;
            float h = xHat(x[xOff + i], muHi[f], muLo[f], invStd[f]);
            dx[dxOff + i] = scale[f] * (g[gOff + i] - meanG[f] - h * meanGH[f]);
        }
    }

    @Override
    public void dropout(long[] bits, int bitsOff, long threshold, float scale, float[] x, int xOff, float[] mask,
                        int maskOff, float[] y, int yOff, int n) {
        int scaleBits = Float.floatToRawIntBits(scale);
        for (int k = 0; k < n; k++) {
            long b = bits[bitsOff + (k >>> 1)];
            long u = (k & 1) == 0 ? b >>> 32 : b & 0xffffffffL;
            // Branch-free (a random branch is mispredicted p of the time): the sign of u − threshold selects all or
            // none of the scale's bits.
            int dropped = (int) ((u - threshold) >>> 63);
            float m = Float.intBitsToFloat(scaleBits & (dropped - 1));
            mask[maskOff + k] = m;
            y[yOff + k] = x[xOff + k] * m;
        }
    }
}
