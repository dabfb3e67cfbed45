package dev.descent.nn;

import dev.descent.core.Tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Asserts that a tensor's elements are draws from a given distribution, to a tolerance computed from their number.
 *
 * <p>For {@code n} independent draws of a distribution with variance {@code σ²} and fourth central moment
 * {@code μ₄}, the sample mean has standard deviation {@code σ/√n} and the sample variance about
 * {@code √((μ₄ − σ⁴)/n)}; both must lie within {@link #Z} of those of the target. (The tests' seeds are fixed, so
 * they are deterministic; Z = 5 keeps them from depending on a lucky seed.) At n = 50 176 a uniform's variance is
 * pinned to ±2%, so a sampler that ignored its bound — or scaled it by more than 1% — fails; the bound itself is
 * pinned to 10⁻¹² by {@link InitReferenceTest}'s exact comparison with PyTorch.
 */
final class SampleMoments {
    private static final double Z = 5;

    private SampleMoments() {
    }

    /** Mean and variance (about the mean) of {@code t}'s elements, in double. */
    private static double[] moments(Tensor t) {
        double s = 0, ss = 0;
        for (int i = 0; i < t.size(); i++) {
            s += t.getFlat(i);
        }
        double mean = s / t.size();
        for (int i = 0; i < t.size(); i++) {
            double d = t.getFlat(i) - mean;
            ss += d * d;
        }
        return new double[] {mean, ss / t.size()};
    }

    /** The tolerance of the class comment, for a target of mean {@code mean}, variance {@code var}, {@code μ₄}. */
    static void assertDrawnFrom(Tensor t, double mean, double var, double mu4, String what) {
        int n = t.size();
        double[] m = moments(t);
        assertEquals(mean, m[0], Z * Math.sqrt(var / n), what + ": sample mean");
        assertEquals(var, m[1], Z * Math.sqrt((mu4 - var * var) / n), what + ": sample variance");
    }

    /** {@code t} ⊂ [−bound, bound] and its moments are those of {@code U(−bound, bound)}: 0, b²/3, μ₄ = b⁴/5. */
    static void assertUniform(Tensor t, double bound, String what) {
        float b = (float) bound;
        for (int i = 0; i < t.size(); i++) {
            float v = t.getFlat(i);
            assertTrue(v >= -b && v <= b, () -> what + ": " + v + " outside ±" + b);
        }
        assertDrawnFrom(t, 0, bound * bound / 3, Math.pow(bound, 4) / 5, what);
    }

    /** {@code t}'s moments are those of {@code N(0, std²)}: 0, σ², μ₄ = 3σ⁴. */
    static void assertNormal(Tensor t, double std, String what) {
        double var = std * std;
        assertDrawnFrom(t, 0, var, 3 * var * var, what);
    }
}
