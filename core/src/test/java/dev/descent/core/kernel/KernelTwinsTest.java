package dev.descent.core.kernel;

import dev.descent.core.Rng;
import dev.descent.core.kernel.simd.SimdKernels;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.descent.core.kernel.FloatAsserts.assertSameBits;
import static dev.descent.core.kernel.FloatAsserts.assertSumClose;
import static dev.descent.core.kernel.FloatAsserts.assertUntouchedOutside;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every SIMD kernel against its scalar twin: the same bits for every kernel, exp, log, tanh, sigmoid and the sums
 * included ({@link Kernels} says why that holds), and the sums within a length-scaled bound of a double-precision
 * sum. Lengths hit every vector tail (a sweep over 0…1025) and random lengths; operands start at random offsets into
 * larger arrays, whose other elements must stay untouched. Inputs include NaN, ±0, ±∞ and subnormals.
 *
 * <p>Not tagged {@code kernels}: it builds both implementations itself, so the scalar-only surefire run would only
 * repeat it.
 */
class KernelTwinsTest {
    /** Lengths around every multiple of 8 and 16 floats up to 1025, and the short ones. */
    static final int[] TAIL_SIZES = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 127, 128, 129,
            255, 256, 257, 511, 512, 513, 1023, 1024, 1025};
    private static final float SENTINEL = -12345.678f;
    private static final Kernels SCALAR = new ScalarKernels();
    private static final Kernels SIMD = simdOrNull();

    private static Kernels simdOrNull() {
        if (!VectorizationProvider.vectorModuleReadable()) {
            return null;
        }
        try {
            return new SimdKernels();
        } catch (UnsupportedOperationException narrowVectors) {
            return null;
        }
    }

    /**
     * Runs every SIMD kernel until C2 has compiled it. Until then the Vector API executes its pure-Java
     * definitions, which are exact, so comparisons made before warm-up would not test the vector instructions and
     * library calls that run in practice.
     */
    @BeforeAll
    static void compileSimdKernels() {
        if (SIMD == null) {
            return;
        }
        Rng rng = new Rng(7);
        float[] a = Inputs.withSpecials(rng, 77, 0, 0.1), b = Inputs.withSpecials(rng, 77, 0, 0.1);
        float[] out = new float[77];
        for (int rep = 0; rep < 12_000; rep++) {
            SIMD.unary(UnaryOp.values()[rep % UnaryOp.values().length], a, 0, out, 0, 77);
            BinaryOp op = BinaryOp.values()[rep % BinaryOp.values().length];
            SIMD.binary(op, a, 0, b, 0, out, 0, 77);
            SIMD.binaryScalar(op, a, 0, 0.5f, out, 0, 77);
            SIMD.scalarBinary(op, 0.5f, b, 0, out, 0, 77);
            SIMD.clamp(a, 0, -1f, 1f, out, 0, 77);
            SIMD.axpy(0.5f, a, 0, out, 0, 77);
            SIMD.axpby(0.5f, a, 0, 0.25f, out, 0, 77);
            SIMD.sum(a, 0, 77);
            SIMD.dot(a, 0, b, 0, 77);
            SIMD.max(a, 0, 77);
            SIMD.min(a, 0, 77);
            SIMD.sumSquaredDeviations(a, 0, 1f, 77);
            SIMD.addSquaredDeviations(a, 0, b, 0, out, 0, 77);
            SIMD.expShifted(a, 0, 100f, out, 0, 77);
        }
    }

    private static void requireSimd() {
        Assumptions.assumeTrue(SIMD != null, "the Vector API is not available");
    }

    // ---------------------------------------------------------------- sweeps over every tail

    @Test
    void everyKernelAgreesOnEveryTailLength() {
        requireSimd();
        for (int n : TAIL_SIZES) {
            long seed = 1000 + n;
            checkAll(n, 0, 0, 0, seed);
            checkAll(n, 3, 5, 1, seed + 1);
        }
    }

    @Property(tries = 150)
    void everyKernelAgreesOnRandomLengthsAndOffsets(@ForAll @IntRange(max = 3000) int n,
                                                    @ForAll @IntRange(max = 17) int offA,
                                                    @ForAll @IntRange(max = 17) int offB,
                                                    @ForAll @IntRange(max = 17) int offOut,
                                                    @ForAll long seed) {
        requireSimd();
        checkAll(n, offA, offB, offOut, seed);
    }

    @Property(tries = 60)
    void unaryOpsAgreeOnSpecialValues(@ForAll("unaryOps") UnaryOp op, @ForAll @IntRange(max = 300) int n,
                                      @ForAll long seed) {
        requireSimd();
        checkUnary(op, Inputs.withSpecials(new Rng(seed), n, 2, 0.3), 2, 1);
    }

    @Property(tries = 60)
    void binaryOpsAgreeOnSpecialValues(@ForAll("binaryOps") BinaryOp op, @ForAll @IntRange(max = 300) int n,
                                       @ForAll long seed) {
        requireSimd();
        Rng rng = new Rng(seed);
        checkBinary(op, Inputs.withSpecials(rng, n, 1, 0.3), Inputs.withSpecials(rng, n, 2, 0.3), 1, 2, 0,
                rng.nextInt(4) == 0 ? Float.NaN : Inputs.special(rng));
    }

    @Property(tries = 60)
    void reductionsAgreeOnSpecialValues(@ForAll @IntRange(max = 300) int n, @ForAll long seed) {
        requireSimd();
        Rng rng = new Rng(seed);
        double p = rng.nextDouble() * 0.05; // few enough that some sums stay finite
        float[] a = Inputs.withSpecials(rng, n, 3, p), b = Inputs.withSpecials(rng, n, 1, p);
        assertReductionsAgree(a, b, 3, 1, n, " n=" + n + " with specials");
        checkExpShifted(a, 3, 2, n);
    }

    @Provide
    Arbitrary<UnaryOp> unaryOps() {
        return Arbitraries.of(UnaryOp.class);
    }

    @Provide
    Arbitrary<BinaryOp> binaryOps() {
        return Arbitraries.of(BinaryOp.class);
    }

    private static void checkAll(int n, int offA, int offB, int offOut, long seed) {
        Rng rng = new Rng(seed);
        for (UnaryOp op : UnaryOp.values()) {
            float[] x = op == UnaryOp.LOG || op == UnaryOp.SQRT
                    ? Inputs.uniform(rng, n, offA, 0f, 100f) : Inputs.uniform(rng, n, offA, -30f, 30f);
            checkUnary(op, x, offA, offOut);
        }
        float[] a = Inputs.uniform(rng, n, offA, -10f, 10f);
        float[] b = Inputs.uniform(rng, n, offB, -10f, 10f);
        Inputs.copySome(rng, a, offA, b, offB, n); // equal pairs, so that EQ, GE and LE see both answers
        for (BinaryOp op : BinaryOp.values()) {
            float s = op == BinaryOp.POW || n == 0 ? 3f : a[offA + rng.nextInt(n)];
            checkBinary(op, a, b, offA, offB, offOut, s);
        }
        float[] positive = Inputs.uniform(rng, n, offB, 0.5f, 3f);
        checkBinary(BinaryOp.POW, positive, a, offB, offA, offOut, 0.5f);
        checkBinary(BinaryOp.POW, a, positive, offA, offB, offOut, 2f);
        checkClamp(a, offA, offOut, -3f, 4f);
        checkAxpy(a, b, offA, offB, 0.75f, -1.5f);
        checkReductions(a, b, offA, offB, n);
        checkSquaredDeviations(a, b, offA, offB, offOut, n);
        checkExpShifted(Inputs.uniform(rng, n, offA, -50f, 50f), offA, offOut, n);
    }

    // ---------------------------------------------------------------- one kernel each

    /** A kernel call writing into {@code out}, run once with each implementation. */
    @FunctionalInterface
    private interface Into {
        void run(Kernels kernels, float[] out);
    }

    /**
     * Runs {@code call} with both implementations into fresh sentinel-filled arrays and checks that they give the
     * same bits on {@code [outOff, outOff + n)} and wrote nothing else. Returns the scalar result.
     */
    private static float[] assertTwinsAgree(String what, int outOff, int n, Into call) {
        float[] expected = outArray(outOff, n), actual = outArray(outOff, n);
        call.run(SCALAR, expected);
        call.run(SIMD, actual);
        assertSameBits(expected, actual, outOff, n, what);
        assertUntouchedOutside(actual, outOff, n, SENTINEL, what);
        return expected;
    }

    private static void checkUnary(UnaryOp op, float[] x, int xOff, int outOff) {
        int n = x.length - xOff;
        String what = "unary " + op + " n=" + n;
        float[] expected = assertTwinsAgree(what, outOff, n, (k, out) -> k.unary(op, x, xOff, out, outOff, n));
        for (int i = 0; i < n; i++) { // and the scalar twin is its own definition
            assertEquals(Float.floatToIntBits(op.apply(x[xOff + i])), Float.floatToIntBits(expected[outOff + i]));
        }
        // in place, output aliasing the input exactly
        float[] inPlace = x.clone();
        SIMD.unary(op, inPlace, xOff, inPlace, xOff, n);
        float[] fresh = outArray(outOff, n);
        SIMD.unary(op, x, xOff, fresh, outOff, n);
        assertSameBits(Arrays.copyOfRange(fresh, outOff, outOff + n), Arrays.copyOfRange(inPlace, xOff, xOff + n), 0,
                n, what + " in place");
    }

    private static void checkBinary(BinaryOp op, float[] a, float[] b, int aOff, int bOff, int outOff, float s) {
        int n = Math.min(a.length - aOff, b.length - bOff);
        String what = op + " n=" + n + " s=" + s;
        assertTwinsAgree("binary " + what, outOff, n, (k, out) -> k.binary(op, a, aOff, b, bOff, out, outOff, n));
        assertTwinsAgree("binaryScalar " + what, outOff, n,
                (k, out) -> k.binaryScalar(op, a, aOff, s, out, outOff, n));
        float[] expected = assertTwinsAgree("scalarBinary " + what, outOff, n,
                (k, out) -> k.scalarBinary(op, s, b, bOff, out, outOff, n));
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToIntBits(op.apply(s, b[bOff + i])),
                    Float.floatToIntBits(expected[outOff + i]), "scalarBinary " + what);
        }
    }

    private static void checkClamp(float[] x, int xOff, int outOff, float lo, float hi) {
        int n = x.length - xOff;
        assertTwinsAgree("clamp n=" + n, outOff, n, (k, out) -> k.clamp(x, xOff, lo, hi, out, outOff, n));
    }

    private static void checkAxpy(float[] x, float[] y, int xOff, int yOff, float alpha, float beta) {
        int n = Math.min(x.length - xOff, y.length - yOff);
        float[] expected = y.clone(), actual = y.clone();
        SCALAR.axpy(alpha, x, xOff, expected, yOff, n);
        SIMD.axpy(alpha, x, xOff, actual, yOff, n);
        assertSameBits(expected, actual, 0, expected.length, "axpy n=" + n);
        expected = y.clone();
        actual = y.clone();
        SCALAR.axpby(alpha, x, xOff, beta, expected, yOff, n);
        SIMD.axpby(alpha, x, xOff, beta, actual, yOff, n);
        assertSameBits(expected, actual, 0, expected.length, "axpby n=" + n);
    }

    /**
     * The sums as the twins take them, bit for bit, and within the classical bound of a double-precision sum; max
     * and min bit for bit.
     */
    private static void checkReductions(float[] a, float[] b, int aOff, int bOff, int n) {
        double sum = 0, abs = 0, dot = 0, dotAbs = 0;
        for (int i = 0; i < n; i++) {
            sum += a[aOff + i];
            abs += Math.abs(a[aOff + i]);
            dot += (double) a[aOff + i] * b[bOff + i];
            dotAbs += Math.abs((double) a[aOff + i] * b[bOff + i]);
        }
        String what = " n=" + n + " offsets " + aOff + ", " + bOff;
        assertReductionsAgree(a, b, aOff, bOff, n, what);
        assertSumClose(sum, SCALAR.sum(a, aOff, n), n, abs, "sum" + what);
        assertSumClose(dot, SCALAR.dot(a, aOff, b, bOff, n), n, dotAbs, "dot" + what);
    }

    /** Every reduction, the same bits from both twins. */
    private static void assertReductionsAgree(float[] a, float[] b, int aOff, int bOff, int n, String what) {
        float m = n == 0 ? 0f : a[aOff + n / 2];
        assertSameBits(SCALAR.sum(a, aOff, n), SIMD.sum(a, aOff, n), "sum" + what);
        assertSameBits(SCALAR.dot(a, aOff, b, bOff, n), SIMD.dot(a, aOff, b, bOff, n), "dot" + what);
        assertSameBits(SCALAR.max(a, aOff, n), SIMD.max(a, aOff, n), "max" + what);
        assertSameBits(SCALAR.min(a, aOff, n), SIMD.min(a, aOff, n), "min" + what);
        assertSameBits(SCALAR.sumSquaredDeviations(a, aOff, m, n), SIMD.sumSquaredDeviations(a, aOff, m, n),
                "sumSquaredDeviations" + what);
    }

    private static void checkSquaredDeviations(float[] x, float[] mean, int xOff, int meanOff, int accOff, int n) {
        float m = n == 0 ? 0f : x[xOff] * 0.5f;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) x[xOff + i] - m;
            ss += d * d;
        }
        assertSumClose(ss, SCALAR.sumSquaredDeviations(x, xOff, m, n), 2 * n, ss, "sumSquaredDeviations n=" + n);
        assertTwinsAgree("addSquaredDeviations n=" + n, accOff, n, (k, acc) -> {
            Arrays.fill(acc, accOff, accOff + n, 1.5f);
            k.addSquaredDeviations(x, xOff, mean, meanOff, acc, accOff, n);
        });
    }

    private static void checkExpShifted(float[] x, int xOff, int outOff, int n) {
        float shift = n == 0 ? 0f : SCALAR.max(x, xOff, n);
        float[] sums = new float[2];
        assertTwinsAgree("expShifted n=" + n, outOff, n,
                (k, out) -> sums[k == SCALAR ? 0 : 1] = k.expShifted(x, xOff, shift, out, outOff, n));
        assertSameBits(sums[0], sums[1], "expShifted sum n=" + n);
    }

    private static float[] outArray(int off, int n) {
        float[] out = new float[off + n + 9];
        Arrays.fill(out, SENTINEL);
        return out;
    }
}
