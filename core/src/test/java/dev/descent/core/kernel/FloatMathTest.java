package dev.descent.core.kernel;

import dev.descent.core.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link FloatMath} against {@link Math}'s double-precision functions on a sample: random bit patterns (every
 * binade alike), uniform arguments where the functions are used, and the floats around each boundary of the
 * algorithms — all within the error FloatMath's Javadoc states, which {@link FloatMathSweep} measured on every
 * float. Then the special values, exactly.
 */
class FloatMathTest {
    /** The boundaries where the algorithms switch branch, overflow, go subnormal or saturate. */
    private static final float[] EDGES = {0f, Float.MIN_VALUE, Float.MIN_NORMAL, 1f, 0.5f, 2f, 0.625f, 9.01f, 88.72f,
            -87.33f, -103.97f, -104f, 89f, 0.70710677f, 1.4142135f, 0.3465736f, 1e-4f, 16f, 44f, Float.MAX_VALUE};

    @Test
    void withinTheDocumentedErrorOnASample() {
        Rng rng = new Rng(11);
        for (FloatMathSweep.Fn fn : FloatMathSweep.FUNCTIONS) {
            for (int i = 0; i < 100_000; i++) {
                check(fn, Float.intBitsToFloat((int) rng.nextLong()));
                check(fn, -20f + 40f * rng.nextFloat());
            }
            for (float edge : EDGES) {
                for (float e : new float[] {edge, -edge}) {
                    float x = e;
                    for (int k = 0; k < 200; k++) { // 200 floats on each side of the edge
                        check(fn, x);
                        check(fn, Float.intBitsToFloat(Float.floatToRawIntBits(e) - k));
                        x = Math.nextUp(x);
                    }
                }
            }
        }
    }

    private static void check(FloatMathSweep.Fn fn, float x) {
        if (x != x) {
            return;
        }
        double ulps = fn.ulps(x);
        if (!(ulps <= fn.documentedMaxUlps())) {
            fail(fn.name() + "(" + x + ") = " + fn.f().apply(x) + ", exact " + fn.reference().applyAsDouble(x) + ": "
                    + ulps + " ulps, documented at most " + fn.documentedMaxUlps());
        }
    }

    @Test
    void specialValues() {
        float nan = Float.NaN, inf = Float.POSITIVE_INFINITY;
        int canonicalNaN = Float.floatToRawIntBits(Float.NaN);
        float otherNaN = Float.intBitsToFloat(0xFFC0_0001);
        for (FloatMathSweep.Fn fn : FloatMathSweep.FUNCTIONS) { // always the one NaN, whatever NaN came in
            assertEquals(canonicalNaN, Float.floatToRawIntBits(fn.f().apply(nan)), fn.name());
            assertEquals(canonicalNaN, Float.floatToRawIntBits(fn.f().apply(otherNaN)), fn.name());
        }
        assertSame(1f, FloatMath.exp(0f));
        assertSame(1f, FloatMath.exp(-0f));
        assertSame(0f, FloatMath.exp(-inf));
        assertSame(inf, FloatMath.exp(inf));
        assertSame(inf, FloatMath.exp(88.73f));
        assertSame(0f, FloatMath.exp(-104f));
        assertTrue(FloatMath.exp(-103f) > 0f && FloatMath.exp(-103f) < Float.MIN_NORMAL, "subnormal exp(−103)");
        assertTrue(Float.isFinite(FloatMath.exp(88.72283f)), "exp(88.72283) below the largest float");

        assertSame(-inf, FloatMath.log(0f));
        assertSame(-inf, FloatMath.log(-0f));
        assertSame(nan, FloatMath.log(-1f));
        assertSame(nan, FloatMath.log(-inf));
        assertSame(nan, FloatMath.log(-Float.MIN_VALUE));
        assertSame(inf, FloatMath.log(inf));
        assertSame(0f, FloatMath.log(1f));
        assertEquals(Math.log(Float.MIN_VALUE), FloatMath.log(Float.MIN_VALUE), 1e-5);

        assertSame(0f, FloatMath.tanh(0f));
        assertSame(-0f, FloatMath.tanh(-0f));
        assertSame(Float.MIN_VALUE, FloatMath.tanh(Float.MIN_VALUE));
        assertSame(-Float.MIN_NORMAL, FloatMath.tanh(-Float.MIN_NORMAL));
        assertSame(1f, FloatMath.tanh(inf));
        assertSame(-1f, FloatMath.tanh(-inf));
        assertSame(1f, FloatMath.tanh(10f));

        assertSame(0.5f, FloatMath.sigmoid(0f));
        assertSame(0.5f, FloatMath.sigmoid(-0f));
        assertSame(1f, FloatMath.sigmoid(inf));
        assertSame(0f, FloatMath.sigmoid(-inf));
        assertSame(1f, FloatMath.sigmoid(20f));
        assertTrue(FloatMath.sigmoid(-100f) > 0f && FloatMath.sigmoid(-100f) < Float.MIN_NORMAL, "subnormal σ(−100)");
    }

    private static void assertSame(float expected, float actual) {
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual),
                "expected " + expected + " but got " + actual);
    }
}
