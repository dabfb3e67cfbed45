package dev.descent.core.kernel;

import static org.junit.jupiter.api.Assertions.fail;

/** Comparisons of float results: bit for bit, within ulps, or within a tolerance that grows with a sum's length. */
public final class FloatAsserts {
    /** The unit roundoff of float32, 2⁻²⁴. */
    public static final double EPS = 0x1p-24;

    private FloatAsserts() {
    }

    /** Equal bits in {@code [off, off + n)} (any NaN equals any NaN). */
    public static void assertSameBits(float[] expected, float[] actual, int off, int n, String what) {
        for (int i = off; i < off + n; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                fail(what + ": element " + (i - off) + " of " + n + ": expected " + expected[i] + " but got "
                        + actual[i]);
            }
        }
    }

    /** Equal bits (any NaN equals any NaN). */
    public static void assertSameBits(float expected, float actual, String what) {
        if (Float.floatToIntBits(expected) != Float.floatToIntBits(actual)) {
            fail(what + ": expected " + expected + " but got " + actual);
        }
    }

    /** Within {@code ulps} units in the last place of the expected value, NaN for NaN, the same infinity. */
    public static void assertUlps(float[] expected, float[] actual, int off, int n, int ulps, String what) {
        for (int i = off; i < off + n; i++) {
            if (!withinUlps(expected[i], actual[i], ulps)) {
                fail(what + ": element " + (i - off) + " of " + n + ": expected " + expected[i] + " but got "
                        + actual[i] + " (more than " + ulps + " ulps apart)");
            }
        }
    }

    /** Whether two floats are within {@code ulps} ulps of {@code expected} (NaN only equals NaN). */
    public static boolean withinUlps(float expected, float actual, int ulps) {
        if (Float.isNaN(expected) || Float.isNaN(actual) || Float.isInfinite(expected)) {
            return Float.compare(expected, actual) == 0 || (Float.isNaN(expected) && Float.isNaN(actual));
        }
        return Math.abs((double) expected - actual) <= ulps * (double) Math.ulp(expected);
    }

    /**
     * A float sum of n terms against a reference: {@code |actual − expected| ≤ (n + 2)·ε·scale}, where scale is
     * {@code Σ|termᵢ|} — the classical bound for recursive float summation, met by any summation order.
     */
    public static void assertSumClose(double expected, float actual, int n, double scale, String what) {
        double tolerance = (n + 2) * EPS * scale + Float.MIN_NORMAL;
        if (!(Math.abs(actual - expected) <= tolerance)) {
            fail(what + ": expected " + expected + " ± " + tolerance + " (n = " + n + ") but got " + actual);
        }
    }

    /** Fails if any element outside {@code [off, off + n)} is not {@code sentinel}: a kernel wrote out of range. */
    public static void assertUntouchedOutside(float[] out, int off, int n, float sentinel, String what) {
        for (int i = 0; i < out.length; i++) {
            if ((i < off || i >= off + n) && Float.floatToIntBits(out[i]) != Float.floatToIntBits(sentinel)) {
                fail(what + ": wrote index " + i + " outside [" + off + ", " + (off + n) + ")");
            }
        }
    }
}
