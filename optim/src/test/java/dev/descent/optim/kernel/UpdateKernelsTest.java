package dev.descent.optim.kernel;

import dev.descent.core.Rng;
import dev.descent.core.Shape;
import dev.descent.core.Tensor;
import dev.descent.core.kernel.VectorizationProvider;
import dev.descent.optim.Optimizer;
import dev.descent.optim.kernel.UpdateKernels.AdaDeltaStep;
import dev.descent.optim.kernel.UpdateKernels.AdaGradStep;
import dev.descent.optim.kernel.UpdateKernels.AdamStep;
import dev.descent.optim.kernel.UpdateKernels.AdamaxStep;
import dev.descent.optim.kernel.UpdateKernels.RmsPropStep;
import dev.descent.optim.kernel.UpdateKernels.SgdStep;
import dev.descent.optim.kernel.simd.SimdUpdateKernels;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Vector API kernels give the same bits as the scalar reference on every length (all vector tails), at non-zero
 * offsets, on sub-ranges (the chunks threads take), for every flag; elements outside the range are left alone.
 * The properties build both implementations directly, so they need not run again in the scalar surefire execution
 * (jqwik ignores JUnit's tag); the examples do.
 */
@Tag("kernels")
class UpdateKernelsTest {
    private static final UpdateKernels SCALAR = new ScalarUpdateKernels();
    private static final UpdateKernels SIMD = new SimdUpdateKernels();

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.of(1, 3, 7, 8, 15, 16, 17, 31, 33, 63, 64, 65, 127, 1025);
    }

    @Test
    void simdPropertyChoosesTheImplementation() {
        String expected = VectorizationProvider.simdDisabled() ? "scalar" : "simd-";
        assertTrue(Optimizer.kernels().startsWith(expected), "kernels in use: " + Optimizer.kernels());
    }

    /** One kernel call on arrays {@code p, g, state...}; state arrays that are null stay null. */
    private interface Call {
        void run(UpdateKernels k, Tensor[] t, int from, int to);
    }

    /**
     * Runs {@code call} with both implementations on identical random tensors (stored at an offset) over a random
     * sub-range, and requires identical bits everywhere. {@code stateCount} state tensors follow p and g; the
     * non-negative ones (second moments, sums) get |random|.
     */
    private static void sameBits(long seed, int n, int stateCount, boolean[] nonNegative, Call call) {
        Rng rng = new Rng(seed);
        int arrays = 2 + stateCount;
        float[][] a = new float[arrays][];
        int offset = 1 + rng.nextInt(5);
        for (int j = 0; j < arrays; j++) {
            a[j] = new float[offset + n + 2];
            for (int i = 0; i < a[j].length; i++) {
                float x = (float) rng.nextGaussian();
                a[j][i] = j >= 2 && nonNegative[j - 2] ? Math.abs(x) : x;
            }
        }
        int from = rng.nextInt(Math.max(1, n / 4));
        int to = n - rng.nextInt(Math.max(1, n / 4));
        if (to < from) {
            to = from;
        }
        float[][] s = copy(a);
        float[][] v = copy(a);
        call.run(SCALAR, tensors(s, offset, n), from, to);
        call.run(SIMD, tensors(v, offset, n), from, to);
        for (int j = 0; j < arrays; j++) {
            for (int i = 0; i < a[j].length; i++) {
                int idx = i - offset;
                if (idx < from || idx >= to) {
                    assertEquals(Float.floatToIntBits(a[j][i]), Float.floatToIntBits(s[j][i]),
                            "array " + j + " element " + idx + " outside [" + from + ", " + to + ") changed");
                }
                assertEquals(Float.floatToIntBits(s[j][i]), Float.floatToIntBits(v[j][i]),
                        "array " + j + " element " + idx + " of " + n + ": scalar " + s[j][i] + ", simd " + v[j][i]);
            }
        }
    }

    private static float[][] copy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int j = 0; j < a.length; j++) {
            c[j] = a[j].clone();
        }
        return c;
    }

    private static Tensor[] tensors(float[][] a, int offset, int n) {
        Tensor[] t = new Tensor[a.length];
        for (int j = 0; j < a.length; j++) {
            t[j] = Tensor.wrap(a[j], offset, Shape.of(n));
        }
        return t;
    }

    private static float unit(Rng rng) {
        return (float) rng.nextDouble();
    }

    @Property(tries = 60)
    void sgd(@ForAll("sizes") int n, @ForAll long seed, @ForAll boolean momentum, @ForAll boolean nesterov,
             @ForAll boolean maximize, @ForAll boolean decay, @ForAll boolean first) {
        Rng r = new Rng(seed ^ 1);
        SgdStep c = new SgdStep(unit(r), decay ? unit(r) : 0f, unit(r), unit(r), nesterov, maximize, first);
        sameBits(seed, n, 1, new boolean[] {false},
                (k, t, from, to) -> k.sgd(c, t[0], t[1], momentum ? t[2] : null, from, to));
    }

    @Property(tries = 30)
    void adaGrad(@ForAll("sizes") int n, @ForAll long seed, @ForAll boolean maximize, @ForAll boolean decay) {
        Rng r = new Rng(seed ^ 2);
        AdaGradStep c = new AdaGradStep(unit(r), 1e-10f, decay ? unit(r) : 0f, maximize);
        sameBits(seed, n, 1, new boolean[] {true}, (k, t, from, to) -> k.adaGrad(c, t[0], t[1], t[2], from, to));
    }

    @Property(tries = 30)
    void adaDelta(@ForAll("sizes") int n, @ForAll long seed, @ForAll boolean maximize, @ForAll boolean decay) {
        Rng r = new Rng(seed ^ 3);
        float rho = unit(r);
        AdaDeltaStep c = new AdaDeltaStep(unit(r), rho, 1 - rho, 1e-6f, decay ? unit(r) : 0f, maximize);
        sameBits(seed, n, 2, new boolean[] {true, true},
                (k, t, from, to) -> k.adaDelta(c, t[0], t[1], t[2], t[3], from, to));
    }

    @Property(tries = 60)
    void rmsProp(@ForAll("sizes") int n, @ForAll long seed, @ForAll boolean centered, @ForAll boolean momentum,
                 @ForAll boolean maximize, @ForAll boolean decay) {
        Rng r = new Rng(seed ^ 4);
        float alpha = unit(r);
        RmsPropStep c = new RmsPropStep(unit(r), alpha, 1 - alpha, 1e-8f, unit(r), decay ? unit(r) : 0f, maximize);
        sameBits(seed, n, 3, new boolean[] {true, false, false}, (k, t, from, to) -> k.rmsProp(c, t[0], t[1], t[2],
                centered ? t[3] : null, momentum ? t[4] : null, from, to));
    }

    /** The Adam family's kernel in each of its uses: Adam / AMSGrad / AdamW, NAdam (gradStep), RAdam's warm-up. */
    @Property(tries = 100)
    void adam(@ForAll("sizes") int n, @ForAll long seed, @ForAll boolean amsgrad, @ForAll boolean decoupled,
              @ForAll boolean maximize, @ForAll boolean decay, @ForAll boolean nesterov, @ForAll boolean adaptive) {
        Rng r = new Rng(seed ^ 5);
        float wd = decay ? unit(r) : 0f;
        AdamStep c = new AdamStep(unit(r), nesterov ? unit(r) : 0f, adaptive, 0.9f, 0.1f, 0.999f, 0.001f,
                1e-8f * unit(r), decoupled ? 0f : wd, decoupled ? 1 - wd * 0.01f : 1f, maximize);
        sameBits(seed, n, 3, new boolean[] {false, true, true}, (k, t, from, to) -> k.adam(c, t[0], t[1], t[2], t[3],
                amsgrad ? t[4] : null, from, to));
    }

    @Property(tries = 30)
    void adamax(@ForAll("sizes") int n, @ForAll long seed, @ForAll boolean maximize, @ForAll boolean decay) {
        Rng r = new Rng(seed ^ 6);
        AdamaxStep c = new AdamaxStep(unit(r), 0.9f, 0.1f, 0.999f, 1e-8f, decay ? unit(r) : 0f, maximize);
        sameBits(seed, n, 2, new boolean[] {false, true},
                (k, t, from, to) -> k.adamax(c, t[0], t[1], t[2], t[3], from, to));
    }

    @Test
    void centredRmsPropNeverTakesTheRootOfANegative() {
        // A constant gradient makes v − ḡ² the difference of two nearly equal numbers; with this one, float
        // rounding pushes it below 0 in many of the 200 steps.
        float grad = 0.61708543f;
        int negative = 0;
        for (float v = 0, a = 0, step = 0; step < 200; step++) {
            v = 0.9f * v + 0.1f * (grad * grad);
            a = 0.9f * a + 0.1f * grad;
            negative += v - a * a < 0 ? 1 : 0;
        }
        assertTrue(negative > 10, "the case must reach a negative difference, got " + negative);
        for (UpdateKernels k : new UpdateKernels[] {SCALAR, SIMD}) {
            Tensor p = Tensor.zeros(37);
            Tensor g = Tensor.full(grad, 37);
            Tensor v = Tensor.zeros(37);
            Tensor a = Tensor.zeros(37);
            RmsPropStep c = new RmsPropStep(0.01f, 0.9f, 0.1f, 1e-8f, 0f, 0f, false);
            for (int step = 0; step < 200; step++) {
                k.rmsProp(c, p, g, v, a, null, 0, 37);
            }
            for (float x : p.toArray()) {
                assertTrue(Float.isFinite(x), k.name() + " produced " + x);
            }
        }
    }
}
