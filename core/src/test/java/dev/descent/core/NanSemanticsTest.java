package dev.descent.core;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NaN, infinities and signed zeros through the element-wise API, with the kernels this JVM runs (the surefire
 * execution with {@code -Ddescent.simd=false} repeats it with the scalar ones). Expected values as PyTorch 1.13
 * prints them, except where noted.
 */
@Tag("kernels")
class NanSemanticsTest {
    private static final float NAN = Float.NaN, INF = Float.POSITIVE_INFINITY;

    /** 19 elements, so that both the vector loop and the scalar tail see every special value. */
    private static Tensor specials() {
        return Tensor.vector(NAN, -0f, 0f, -1f, 2f, INF, -INF, NAN, -0f, 0f, -1f, 2f, INF, -INF, NAN, -0f, 0f, -1f,
                2f);
    }

    private static void assertEachOfSeven(float[] expected, Tensor actual) {
        float[] a = actual.toArray();
        for (int i = 0; i < a.length; i++) {
            float e = expected[i % 7];
            assertEquals(Float.floatToIntBits(e), Float.floatToIntBits(a[i]),
                    "element " + i + ": expected " + e + " got " + a[i]);
        }
    }

    @Test
    void reluBackwardSelectsAsTorchThresholdBackward() {
        // torch.ops.aten.threshold_backward(g, x, 0) = where(x <= 0, 0, g): a NaN x passes g, x <= 0 gives 0 even
        // for a NaN or infinite g, x > 0 passes g, NaN included
        float[] g = new float[19];
        float[] cycle = {5f, NAN, INF, 3f, NAN, 7f, 9f};
        for (int i = 0; i < g.length; i++) {
            g[i] = cycle[i % 7];
        }
        assertEachOfSeven(new float[] {5f, 0f, 0f, 0f, NAN, 7f, 0f}, Tensor.vector(g).reluBackward(specials()));
    }

    @Test
    void reluKeepsNaN() {
        // torch.relu: [nan, -0., 0., 0., 2., inf, 0.]; Descent gives +0 for −0 (max(x, 0), as Math.max)
        assertEachOfSeven(new float[] {NAN, 0f, 0f, 0f, 2f, INF, 0f}, specials().relu());
    }

    @Test
    void maximumAndMinimumPropagateNaN() {
        assertEachOfSeven(new float[] {NAN, 0f, 0f, 0f, 2f, INF, 0f}, specials().maximum(Tensor.zeros(19)));
        assertEachOfSeven(new float[] {NAN, 0f, 0f, 0f, 2f, INF, 0f}, specials().maximum(0f));
        assertEachOfSeven(new float[] {NAN, -0f, 0f, -1f, 1f, 1f, -INF}, specials().minimum(1f));
        assertTrue(Float.isNaN(Tensor.vector(1f, 2f).maximum(Tensor.vector(NAN)).getFlat(1)));
    }

    @Test
    void clampKeepsNaNAndSignedZeros() {
        // torch.clamp(x, -1, 1): [nan, -0., 0., -1., 1., 1., -1.]
        assertEachOfSeven(new float[] {NAN, -0f, 0f, -1f, 1f, 1f, -1f}, specials().clamp(-1f, 1f));
    }

    @Test
    void signKeepsNaN() {
        // torch.sign gives 0 for NaN and +0 for −0; Descent keeps both, as Math.signum, so a NaN is never hidden
        assertEachOfSeven(new float[] {NAN, -0f, 0f, -1f, 1f, 1f, -1f}, specials().sign());
    }

    @Test
    void comparisonsWithNaNAreFalseExceptNotEqual() {
        Tensor x = specials();
        assertEachOfSeven(new float[] {0, 0, 0, 0, 1, 1, 0}, x.gt(0f));
        assertEachOfSeven(new float[] {0, 1, 1, 0, 1, 1, 0}, x.ge(0f));
        assertEachOfSeven(new float[] {0, 1, 1, 0, 0, 0, 0}, x.eq(0f));
        assertEachOfSeven(new float[] {1, 0, 0, 1, 1, 1, 1}, x.ne(0f));
        assertEachOfSeven(new float[] {0, 0, 0, 0, 0, 0, 0}, x.lt(x.neg().maximum(-INF).mul(0f).add(NAN)));
        assertEachOfSeven(new float[] {0, 1, 1, 1, 1, 1, 1}, x.eq(x));
    }

    @Test
    void powOfOneIsOneForEveryExponent() {
        // torch.pow (C99 and IEEE 754 pow): 1^y = 1 even for a NaN y, (−1)^±∞ = 1; Math.pow gives NaN for these
        assertEachOfSeven(new float[] {1, 1, 1, 1, 1, 1, 1}, Tensor.full(1f, 19).pow(specials()));
        assertEachOfSeven(new float[] {NAN, 1, 1, -1, 1, 1, 1}, Tensor.full(-1f, 19).pow(specials()));
        assertEachOfSeven(new float[] {1, 1, 1, 1, 1, 1, 1}, specials().pow(0f));
        assertArrayEquals(new float[] {1f, 1f, 1f, NAN}, Tensor.vector(1f, -1f, 1f, 2f).pow(Tensor.vector(NAN, INF,
                -INF, NAN)).toArray());
        assertArrayEquals(new float[] {1f, 1f, 0f}, Tensor.vector(1f, -1f, 0.5f).pow(INF).toArray());
    }

    @Test
    void sigmoidNeverOverflowsToNaN() {
        Tensor x = Tensor.vector(-1000f, -100f, -89f, -20f, 0f, 20f, 89f, 100f, 1000f, INF, -INF, -3e38f, 3e38f,
                -88f, 88f, -104f, 17f);
        float[] s = x.sigmoid().toArray();
        for (int i = 0; i < s.length; i++) {
            assertTrue(s[i] >= 0f && s[i] <= 1f, "σ(" + x.getFlat(i) + ") = " + s[i]);
        }
        assertEquals(0f, s[0]);
        assertEquals(1f, s[8]);
        assertEquals(1f, s[9]);
        assertEquals(0f, s[10]);
        assertEquals((float) (1 / (1 + Math.exp(20))), s[3], 2 * Math.ulp(s[3]));
        assertEquals((float) (1 / (1 + Math.exp(88))), s[13], 2 * Math.ulp(s[13]));
        assertTrue(Float.isNaN(Tensor.vector(NAN).sigmoid().item()));
    }

    @Test
    void tanhSaturates() {
        assertArrayEquals(new float[] {-1f, -1f, 1f, 1f, -0f, 0f},
                Tensor.vector(-INF, -50f, 50f, INF, -0f, 0f).tanh().toArray());
    }

    @Test
    void expAndLogAtTheirLimits() {
        assertArrayEquals(new float[] {0f, 0f, 1f, INF, INF}, Tensor.vector(-INF, -200f, 0f, 89f, INF).exp().toArray());
        float[] log = Tensor.vector(0f, -0f, -1f, INF, 1f).log().toArray();
        assertEquals(-INF, log[0]);
        assertEquals(-INF, log[1]);
        assertTrue(Float.isNaN(log[2]));
        assertEquals(INF, log[3]);
        assertEquals(0f, log[4]);
    }

    @Test
    void sumsOfInfinitiesAndNaN() {
        assertTrue(Float.isNaN(Tensor.vector(INF, -INF).sum()));
        assertEquals(INF, Tensor.vector(INF, 1f).sum());
        assertTrue(Float.isNaN(specials().sum()));
        assertTrue(Float.isNaN(specials().mean(0, false).item()));
    }
}
