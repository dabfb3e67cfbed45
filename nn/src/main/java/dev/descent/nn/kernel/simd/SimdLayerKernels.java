package dev.descent.nn.kernel.simd;

import dev.descent.nn.kernel.LayerKernels;
import dev.descent.nn.kernel.ScalarLayerKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API layer kernels: {@link ScalarLayerKernels} one vector at a time, the same float operations in the
 * same order (so the same bits), and the tail of each run handed to the scalar kernel. Loaded by name through
 * {@link dev.descent.core.kernel.VectorizationProvider}; the only package of nn that imports
 * {@code jdk.incubator.vector}.
 */
public final class SimdLayerKernels implements LayerKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Longs in a vector as wide as {@link #F}: each gives two of its float lanes their random bits. */
    private static final VectorSpecies<Long> LONGS = VectorSpecies.of(long.class,
            VectorShape.forBitSize(F.vectorBitSize()));
    private static final ScalarLayerKernels SCALAR = new ScalarLayerKernels();

    /** Fails when the preferred vectors hold fewer than 4 floats, where the scalar loops are as fast. */
    public SimdLayerKernels() {
        if (L < 4) {
            throw new UnsupportedOperationException("preferred float vectors hold only " + L + " lanes");
        }
    }

    @Override
    public String name() {
        return "simd-" + L + "x32";
    }

    private static FloatVector load(float[] a, int offset) {
        return FloatVector.fromArray(F, a, offset);
    }

    @Override
    public void addDeviations(float[] x, int xOff, float[] c, int fOff, float[] acc, int accOff, int n) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            load(acc, accOff + i).add(load(x, xOff + i).sub(load(c, fOff + i))).intoArray(acc, accOff + i);
        }
        SCALAR.addDeviations(x, xOff + i, c, fOff + i, acc, accOff + i, n - i);
    }

    /** x̂ of one vector of features from {@code f}, as {@code ScalarLayerKernels.xHat}. */
    private static FloatVector xHat(FloatVector x, float[] muHi, float[] muLo, float[] invStd, int f) {
        return x.sub(load(muHi, f)).sub(load(muLo, f)).mul(load(invStd, f));
    }

    @Override
    public void batchNormForward(float[] x, int xOff, float[] muHi, float[] muLo, float[] invStd, float[] gamma,
                                 float[] beta, int fOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            int f = fOff + i;
            FloatVector h = xHat(load(x, xOff + i), muHi, muLo, invStd, f);
            load(gamma, f).mul(h).add(load(beta, f)).intoArray(y, yOff + i);
        }
        SCALAR.batchNormForward(x, xOff + i, muHi, muLo, invStd, gamma, beta, fOff + i, y, yOff + i, n - i);
    }

    @Override
    public void batchNormGradSums(float[] g, int gOff, float[] x, int xOff, float[] muHi, float[] muLo,
                                  float[] invStd, float[] sumG, float[] sumGH, int fOff, int n) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            int f = fOff + i;
            FloatVector gv = load(g, gOff + i);
            load(sumG, f).add(gv).intoArray(sumG, f);
            FloatVector h = xHat(load(x, xOff + i), muHi, muLo, invStd, f);
            load(sumGH, f).add(gv.mul(h)).intoArray(sumGH, f);
        }
        SCALAR.batchNormGradSums(g, gOff + i, x, xOff + i, muHi, muLo, invStd, sumG, sumGH, fOff + i, n - i);
    }

    @Override
    public void batchNormInputGrad(float[] g, int gOff, float[] x, int xOff, float[] muHi, float[] muLo,
                                   float[] invStd, float[] meanG, float[] meanGH, float[] scale, int fOff, float[] dx,
                                   int dxOff, int n) {
        int i = 0;
        for (int end = F.loopBound(n); i < end; i += L) {
            int f = fOff + i;
            FloatVector h = xHat(load(x, xOff + i), muHi, muLo, invStd, f);
            FloatVector centred = load(g, gOff + i).sub(load(meanG, f));
            load(scale, f).mul(centred.sub(h.mul(load(meanGH, f)))).intoArray(dx, dxOff + i);
        }
        SCALAR.batchNormInputGrad(g, gOff + i, x, xOff + i, muHi, muLo, invStd, meanG, meanGH, scale, fOff + i, dx,
                dxOff + i, n - i);
    }

    /**
     * Rotating each long by 32 bits puts its high half first in memory, so its lanes read as ints are the uniforms of
     * consecutive elements, in order; an unsigned comparison with the threshold then gives the mask lanes.
     */
    @Override
    public void dropout(long[] bits, int bitsOff, long threshold, float scale, float[] x, int xOff, float[] mask,
                        int maskOff, float[] y, int yOff, int n) {
        int i = 0;
        if (threshold <= 0xffffffffL) { // else nothing is kept, and the int threshold below would wrap to 0
            FloatVector zero = FloatVector.zero(F);
            FloatVector kept = FloatVector.broadcast(F, scale);
            // u ≥ t unsigned is u ^ 2³¹ ≥ t ^ 2³¹ signed, which AVX2 compares natively.
            int t = (int) threshold ^ Integer.MIN_VALUE;
            for (int end = F.loopBound(n); i < end; i += L) {
                IntVector u = LongVector.fromArray(LONGS, bits, bitsOff + (i >>> 1)).lanewise(VectorOperators.ROR, 32)
                        .reinterpretAsInts().lanewise(VectorOperators.XOR, Integer.MIN_VALUE);
                VectorMask<Float> keep = u.compare(VectorOperators.GE, t).cast(F);
                FloatVector m = zero.blend(kept, keep);
                m.intoArray(mask, maskOff + i);
                load(x, xOff + i).mul(m).intoArray(y, yOff + i);
            }
        }
        SCALAR.dropout(bits, bitsOff + (i >>> 1), threshold, scale, x, xOff + i, mask, maskOff + i, y, yOff + i, n - i);
    }
}
