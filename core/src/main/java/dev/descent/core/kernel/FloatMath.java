package dev.descent.core.kernel;

/**
 * {@code exp}, {@code log}, {@code tanh} and {@code σ} in float, built only from operations whose result IEEE 754
 * and the Java Language Specification fix to the bit: add, subtract, multiply, divide, {@link Math#fma}, min, max,
 * comparisons and reinterpretation of the bits. The Vector API kernels compute the very same formulas lane by lane,
 * with the same operations in the same order, so a function gives the same bits in the scalar and the SIMD kernels,
 * interpreted or compiled by C1 or C2, on every JDK — which the JDK's own routines do not promise: {@link Math#exp}
 * may differ from {@link StrictMath#exp} by an ulp, and the Vector API's {@code EXP} runs Java code until C2
 * compiles it and Intel's SVML library afterwards. "Same seed, same bits" needs all of these to agree.
 *
 * <p>The method is Cephes's (S. L. Moshier, {@code expf.c}, {@code logf.c}, {@code tanhf.c}): reduce the argument
 * to a short interval with an exact or nearly exact step, evaluate a minimax polynomial there by Horner's rule with
 * one fused multiply-add per coefficient, and undo the reduction. Measured against {@link Math}'s double-precision
 * functions on every float (the sweep {@code FloatMathSweep} in core's test sources), in ulps of the exact result:
 * <table>
 *   <caption>Error over all floats</caption>
 *   <tr><th>function</th><th>max error</th><th>finite, non-zero results not correctly rounded</th></tr>
 *   <tr><td>{@link #exp}</td><td>1.013 ulp</td><td>0.77 %</td></tr>
 *   <tr><td>{@link #log}</td><td>0.827 ulp</td><td>0.64 %</td></tr>
 *   <tr><td>{@link #tanh}</td><td>1.330 ulp</td><td>0.17 %</td></tr>
 *   <tr><td>{@link #sigmoid}</td><td>2.402 ulp</td><td>3.85 %</td></tr>
 * </table>
 * (For comparison, {@link Math} promises 1 ulp for exp and log and 2.5 for tanh.) NaN in gives {@link Float#NaN} out,
 * always the same NaN, so that no NaN payload depends on the order in which hardware combined two NaNs.
 */
public final class FloatMath {
    // ---------------------------------------------------------------- exp

    /** Arguments are clamped to [EXP_MIN, EXP_MAX]: below, eˣ rounds to 0 (e^−103.98 is half the least subnormal). */
    public static final float EXP_MIN = -104f;
    /** Above this, eˣ overflows to +∞ (the largest float is e^88.72). */
    public static final float EXP_MAX = 89f;
    /** log₂e, rounded to float. */
    public static final float LOG2E = 1.44269504f;
    /**
     * 1.5·2²³: adding it to a float of magnitude below 2²² rounds that float to an integer (to nearest, ties to
     * even) and leaves the integer in the low bits of the sum's significand.
     */
    public static final float ROUNDER = 0x1.8p23f;
    /** The bits of {@link #ROUNDER}, so that {@code bits(ROUNDER + k) − ROUNDER_BITS = k} for small integers k. */
    public static final int ROUNDER_BITS = 0x4B40_0000;
    /** ln 2 rounded to float, and the remainder {@code ln 2 − LN2_HI}, for the reduction {@code r = x − n·ln 2}. */
    public static final float LN2_HI = 0x1.62e430p-1f, LN2_LO = -0x1.05c610p-29f;
    /**
     * Cephes's minimax coefficients for {@code (eʳ − 1 − r) / r²} on |r| ≤ ln2/2, highest degree first:
     * {@code eʳ ≈ 1 + r + r²·(E0·r⁵ + E1·r⁴ + … + E5)}.
     */
    public static final float E0 = 1.9875691500e-4f, E1 = 1.3981999507e-3f, E2 = 8.3334519073e-3f,
            E3 = 4.1665795894e-2f, E4 = 1.6666665459e-1f, E5 = 5.0000001201e-1f;

    // ---------------------------------------------------------------- log

    /** The bits of √½ (rounded down): subtracting them splits x into 2ᵉ·m with m in [√½, √2). */
    public static final int SQRT_HALF_BITS = 0x3F35_04F3;
    /** The significand bits of a float. */
    public static final int MANTISSA_MASK = 0x007F_FFFF;
    /** 2²³: multiplies a subnormal x into the normal range before its exponent is read. */
    public static final float TWO_POW_23 = 0x1p23f;
    /**
     * Cephes's minimax coefficients for {@code (ln(1+f) − f + f²/2) / f³} on f in [√½ − 1, √2 − 1], highest degree
     * first.
     */
    public static final float L0 = 7.0376836292e-2f, L1 = -1.1514610310e-1f, L2 = 1.1676998740e-1f,
            L3 = -1.2420140846e-1f, L4 = 1.4249322787e-1f, L5 = -1.6668057665e-1f, L6 = 2.0000714765e-1f,
            L7 = -2.4999993993e-1f, L8 = 3.3333331174e-1f;
    /**
     * ln 2 as Cephes splits it for log: {@code LOG_LN2_HI = 0.693359375} has 9 significant bits, so {@code e·LOG_LN2_HI}
     * is exact for every exponent e, and {@code LOG_LN2_LO ≈ ln 2 − LOG_LN2_HI}.
     */
    public static final float LOG_LN2_HI = 0.693359375f, LOG_LN2_LO = -2.12194440e-4f;

    // ---------------------------------------------------------------- tanh

    /** Below this |x|, tanh is the odd polynomial; from it on, {@code 1 − 2/(e^2|x| + 1)}. */
    public static final float TANH_SMALL = 0.625f;
    /** Cephes's minimax coefficients for {@code (tanh x − x) / x³} in powers of x², |x| &lt; 0.625, highest first. */
    public static final float T0 = -5.70498872745e-3f, T1 = 2.06390887954e-2f, T2 = -5.37397155531e-2f,
            T3 = 1.33314422036e-1f, T4 = -3.33332819422e-1f;
    /** The sign bit of a float. */
    public static final int SIGN_BIT = 0x8000_0000;

    private FloatMath() {
    }

    /**
     * {@code eˣ}. With {@code n = round(x·log₂e)} and {@code r = x − n·ln 2} (|r| ≤ ½ln 2, found with two fused
     * multiply-adds against ln 2 split in two floats), {@code eˣ = 2ⁿ·eʳ}, where
     * {@code eʳ ≈ 1 + r + r²·P(r)} with Cephes's degree-5 minimax polynomial P. The power of two is built from its
     * bits as {@code 2^⌊n/2⌋ · 2^(n − ⌊n/2⌋)}, two normal floats even when eˣ is subnormal or overflows, and
     * multiplied in that order: the first product is exact, so the result is rounded once.
     *
     * <p>Overflows to +∞ above x ≈ 88.72, gives subnormals below −87.34 and 0 below −103.97; {@code e^±0 = 1},
     * {@code e^−∞ = 0}, {@code e^+∞ = +∞}. Max error 1.013 ulp over all floats; 99.2 % of the results are
     * correctly rounded.
     */
    public static float exp(float x) {
        if (x != x) {
            return Float.NaN;
        }
        float xc = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float t = Math.fma(xc, LOG2E, ROUNDER); // ROUNDER + n
        float n = t - ROUNDER;
        float r = Math.fma(n, -LN2_HI, xc);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(E0, r, E1);
        p = Math.fma(p, r, E2);
        p = Math.fma(p, r, E3);
        p = Math.fma(p, r, E4);
        p = Math.fma(p, r, E5);
        float er = Math.fma(p, r * r, r) + 1f;
        int k = Float.floatToRawIntBits(t) - ROUNDER_BITS;
        int k1 = k >> 1;
        return er * powerOfTwo(k1) * powerOfTwo(k - k1);
    }

    /** {@code 2ᵏ} for {@code −126 ≤ k ≤ 127}, from its exponent bits. */
    private static float powerOfTwo(int k) {
        return Float.intBitsToFloat((k + 127) << 23);
    }

    /**
     * {@code ln x}. A positive x is split exactly, from its bits, into {@code 2ᵉ·m} with m in [√½, √2) (a subnormal
     * x is first scaled by 2²³); with {@code f = m − 1} (exact), {@code ln x = e·ln 2 + f − f²/2 + f³·P(f)} with
     * Cephes's degree-8 minimax polynomial P, and ln 2 split so that {@code e·LOG_LN2_HI} is exact.
     *
     * <p>{@code ln ±0 = −∞}, {@code ln x = NaN} for x &lt; 0, {@code ln +∞ = +∞}, {@code ln 1 = +0}. Max error
     * 0.827 ulp over all floats.
     */
    public static float log(float x) {
        boolean subnormal = x < Float.MIN_NORMAL;
        float xs = subnormal ? x * TWO_POW_23 : x;
        int i = Float.floatToRawIntBits(xs) - SQRT_HALF_BITS;
        int e = (i >> 23) - (subnormal ? 23 : 0);
        float f = Float.intBitsToFloat((i & MANTISSA_MASK) + SQRT_HALF_BITS) - 1f;
        float fe = Float.intBitsToFloat(ROUNDER_BITS + e) - ROUNDER; // e as a float, without a conversion
        float z = f * f;
        float p = Math.fma(L0, f, L1);
        p = Math.fma(p, f, L2);
        p = Math.fma(p, f, L3);
        p = Math.fma(p, f, L4);
        p = Math.fma(p, f, L5);
        p = Math.fma(p, f, L6);
        p = Math.fma(p, f, L7);
        p = Math.fma(p, f, L8);
        float y = p * f * z;
        y = Math.fma(fe, LOG_LN2_LO, y);
        y = Math.fma(-0.5f, z, y);
        float r = Math.fma(fe, LOG_LN2_HI, f + y);
        if (!(x >= 0f)) {
            return Float.NaN; // x < 0 or NaN
        }
        if (x == 0f) {
            return Float.NEGATIVE_INFINITY;
        }
        return x == Float.POSITIVE_INFINITY ? x : r;
    }

    /**
     * {@code tanh x = (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ)}, odd: computed for |x| and given x's sign. For |x| &lt; 0.625,
     * {@code |x| + |x|³·Q(x²)} with Cephes's degree-4 minimax polynomial Q, so the relative error stays small as x
     * goes to 0 (a subnormal x gives x itself, ±0 gives ±0); from 0.625 on, {@code 1 − 2/(e^2|x| + 1)}, which
     * reaches 1 at |x| ≈ 9.01 and stays there ({@code tanh ±∞ = ±1}). Max error 1.330 ulp over all floats.
     */
    public static float tanh(float x) {
        if (x != x) {
            return Float.NaN;
        }
        float a = Math.abs(x);
        float s = a * a;
        float q = Math.fma(T0, s, T1);
        q = Math.fma(q, s, T2);
        q = Math.fma(q, s, T3);
        q = Math.fma(q, s, T4);
        float t = a < TANH_SMALL ? Math.fma(q * s, a, a) : 1f - 2f / (exp(a + a) + 1f);
        return Float.intBitsToFloat(Float.floatToRawIntBits(t) | (Float.floatToRawIntBits(x) & SIGN_BIT));
    }

    /**
     * {@code σ(x) = 1/(1 + e⁻ˣ)}, as {@code 1/(1 + e^−|x|)} for x ≥ 0 and {@code e^−|x|/(1 + e^−|x|)} for x &lt; 0,
     * so that the exponential never overflows: {@code σ(+∞) = 1}, {@code σ(−∞) = 0}, and for x &lt; −87.3 the
     * result is subnormal, then 0. Max error 2.402 ulp over all floats.
     */
    public static float sigmoid(float x) {
        float e = exp(-Math.abs(x));
        return (x < 0f ? e : 1f) / (1f + e);
    }
}
