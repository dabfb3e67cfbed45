package dev.descent.core.kernel;

import dev.descent.core.Rng;

/** Test inputs: seeded random arrays, optionally salted with the values kernels get wrong. */
public final class Inputs {
    private static final float[] SPECIALS = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
            Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, 88.7f,
            89f, -87.5f, -104f, -200f, 200f, 1e-7f, -1e-7f, 0.5f};

    private Inputs() {
    }

    /** {@code off + n} floats, the last n uniform in [lo, hi), the first {@code off} arbitrary padding. */
    public static float[] uniform(Rng rng, int n, int off, float lo, float hi) {
        float[] x = new float[off + n];
        for (int i = 0; i < x.length; i++) {
            x[i] = lo + (hi - lo) * rng.nextFloat();
        }
        return x;
    }

    /** As {@link #uniform} over [−100, 100), with each element replaced by a special value with probability p. */
    public static float[] withSpecials(Rng rng, int n, int off, double p) {
        float[] x = uniform(rng, n, off, -100f, 100f);
        for (int i = off; i < x.length; i++) {
            if (rng.nextDouble() < p) {
                x[i] = special(rng);
            }
        }
        return x;
    }

    /** One of NaN, ±∞, ±0, subnormals, the extremes, values where exp overflows or underflows. */
    public static float special(Rng rng) {
        return SPECIALS[rng.nextInt(SPECIALS.length)];
    }

    /** Copies about a quarter of a's elements onto b's, so that comparisons see equal pairs. */
    public static void copySome(Rng rng, float[] a, int aOff, float[] b, int bOff, int n) {
        for (int i = 0; i < n; i++) {
            if (rng.nextInt(4) == 0) {
                b[bOff + i] = a[aOff + i];
            }
        }
    }
}
