package dev.descent.nn.kernel;

import dev.descent.core.Rng;
import dev.descent.nn.kernel.simd.SimdLayerKernels;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Vector API layer kernels give the same bits as the scalar reference on every length (all vector tails), at
 * non-zero offsets, with special values among the inputs; elements outside the run are left alone.
 */
class LayerKernelsTest {
    private static final LayerKernels SCALAR = new ScalarLayerKernels();
    private static final LayerKernels SIMD = new SimdLayerKernels();
    /** Values that every kernel must treat alike: signed zeros, infinities, NaN, and values at the ReLU kink. */
    private static final float[] SPECIAL = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE, -Float.MIN_VALUE, 1e30f};

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.of(1, 3, 7, 8, 15, 16, 17, 31, 33, 63, 64, 65, 127, 257);
    }

    /** One kernel call on arrays whose runs start at the given offsets. */
    private interface Call {
        void run(LayerKernels k, float[][] a, int[] off, int n);
    }

    /**
     * Runs {@code call} with both implementations on identical arrays — Gaussian values, now and then a special one,
     * each array with its own offset — and requires identical bits everywhere, padding included; any NaN equals any
     * NaN (which of two NaN operands the hardware passes on depends on the order the JIT gives them).
     */
    private static void sameBits(long seed, int n, int arrays, Call call) {
        Rng rng = new Rng(seed);
        float[][] a = new float[arrays][];
        int[] off = new int[arrays];
        for (int j = 0; j < arrays; j++) {
            off[j] = rng.nextInt(5);
            a[j] = new float[5 + n + 3]; // room for any offset, so per-feature arrays can share one
            for (int i = 0; i < a[j].length; i++) {
                a[j][i] = rng.nextInt(16) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) rng.nextGaussian();
            }
        }
        float[][] s = copy(a);
        float[][] v = copy(a);
        call.run(SCALAR, s, off, n);
        call.run(SIMD, v, off, n);
        for (int j = 0; j < arrays; j++) {
            for (int i = 0; i < a[j].length; i++) {
                assertEquals(Float.floatToIntBits(s[j][i]), Float.floatToIntBits(v[j][i]),
                        "array " + j + " element " + i + " (run of " + n + " from " + off[j] + "): scalar " + s[j][i]
                                + ", simd " + v[j][i]);
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

    @Property(tries = 40)
    void addDeviations(@ForAll long seed, @ForAll("sizes") int n) {
        sameBits(seed, n, 3, (k, a, o, m) -> k.addDeviations(a[0], o[0], a[1], o[1], a[2], o[2], m));
    }

    @Property(tries = 40)
    void batchNormForward(@ForAll long seed, @ForAll("sizes") int n) {
        // x, μHi, μLo, 1/σ̃, γ, β, y; the per-feature arrays share one offset, as the layer passes them.
        sameBits(seed, n, 7, (k, a, o, m) -> k.batchNormForward(a[0], o[0], a[1], a[2], a[3], a[4], a[5], o[1], a[6],
                o[6], m));
    }

    @Property(tries = 40)
    void batchNormGradSums(@ForAll long seed, @ForAll("sizes") int n) {
        // g, x, μHi, μLo, 1/σ̃, Σg, Σgx̂
        sameBits(seed, n, 7, (k, a, o, m) -> k.batchNormGradSums(a[0], o[0], a[1], o[1], a[2], a[3], a[4], a[5], a[6],
                o[2], m));
    }

    @Property(tries = 40)
    void batchNormInputGrad(@ForAll long seed, @ForAll("sizes") int n) {
        // g, x, μHi, μLo, 1/σ̃, ḡ, ḡx̂, s, dx
        sameBits(seed, n, 9, (k, a, o, m) -> k.batchNormInputGrad(a[0], o[0], a[1], o[1], a[2], a[3], a[4], a[5],
                a[6], a[7], o[2], a[8], o[8], m));
    }

    @Property(tries = 40)
    void dropout(@ForAll long seed, @ForAll("sizes") int n, @ForAll("thresholds") long threshold) {
        Rng rng = new Rng(seed);
        long[] bits = new long[(n + 1) / 2 + 3];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = rng.nextLong();
        }
        int bitsOff = rng.nextInt(3);
        sameBits(seed, n, 3, (k, a, o, m) -> {
            k.dropout(bits, bitsOff, threshold, 1.25f, a[0], o[0], a[1], o[1], a[2], o[2], m);
            for (int i = 0; i < m; i++) {
                long b = bits[bitsOff + i / 2];
                long u = i % 2 == 0 ? b >>> 32 : b & 0xffffffffL;
                float mask = u >= threshold ? 1.25f : 0f;
                assertEquals(Float.floatToIntBits(mask), Float.floatToIntBits(a[1][o[1] + i]), k.name() + " mask " + i);
                assertEquals(Float.floatToIntBits(a[0][o[0] + i] * mask), Float.floatToIntBits(a[2][o[2] + i]),
                        k.name() + " output " + i);
            }
        });
    }

    /** Thresholds at the ends of their range (0 keeps all, 2³² keeps none) and in between. */
    @Provide
    Arbitrary<Long> thresholds() {
        return Arbitraries.oneOf(Arbitraries.of(0L, 1L, 0x7fffffffL, 0x80000000L, 0xffffffffL, 0x100000000L),
                Arbitraries.longs().between(0, 0x100000000L));
    }
}
