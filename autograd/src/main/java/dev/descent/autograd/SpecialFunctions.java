package dev.descent.autograd;

/**
 * The error function and the standard normal distribution, which the exact GELU needs and {@link Math} lacks.
 *
 * <pre>
 *   erf(z)  = (2/√π) ∫₀ᶻ e^(−t²) dt          erfc(z) = 1 − erf(z)
 *   φ(x)    = e^(−x²/2) / √(2π)              Φ(x)    = ½·erfc(−x/√2)   (the normal density and distribution)
 * </pre>
 *
 * <p><b>Method.</b> Two smooth functions are stored as Chebyshev series and summed with Clenshaw's recurrence:
 * near zero ({@code |z| ≤ 2}) {@code erf(z)/z}, an even entire function, in the variable {@code z²}; in the tail
 * ({@code z > 2}) {@code erfc(z)·e^(z²)·z}, which falls gently from 0.54 at z = 2 to 1/√π, in the variable
 * {@code 1/z}. So {@code erf(z) = z·S₁(z²)} and {@code erfc(z) = e^(−z²)·S₂(1/z)/z}: the tail is computed directly,
 * never as {@code 1 − erf(z)}, which would cancel to nothing. The coefficients come from a least-squares fit at 400
 * Chebyshev nodes to Python's {@code math.erf}/{@code math.erfc} ({@code src/test/python/erf_coefficients.py}, which
 * regenerates them). Relative error: below 2·10⁻¹⁵ for erf on [0, 2]; below 10⁻¹³ for erfc on [2, 26]; below
 * 10⁻¹² for erfc on [0, 2], where it is {@code 1 − erf} — all far below float32's 6·10⁻⁸, and checked against known
 * values in the tests.
 */
public final class SpecialFunctions {
    private static final double SQRT_HALF = 0.7071067811865476;
    private static final double INV_SQRT_TWO_PI = 0.3989422804014327;
    /** Ends of the tail's variable t = 1/z: z from 25 (t = 0.04) down to 2 (t = 0.5). */
    private static final double TAIL_A = 1.0 / 25, TAIL_B = 0.5;

    /** erf(z)/z on z ∈ [0, 2], in s = (z² − 2)/2 ∈ [−1, 1]. */
    private static final double[] NEAR_ZERO = {
        0.7415552820424022, -0.3010710733865949, 0.0689948306898315, -0.013916271264722144,
        0.002420799522433461, -0.0003658639685847281, 4.8620984432401494e-05, -5.749256557971955e-06,
        6.113243579310128e-07, -5.8991015237991294e-08, 5.2070090946010644e-09, -4.232975267524839e-10,
        3.1881015307689974e-11, -2.2360393245722057e-12, 1.4667534098418604e-13, -8.976334605135059e-15,
        4.549242400481058e-16,
    };

    /** erfc(z)·e^(z²)·z on z ∈ [2, 25], in s = (2/z − (a + b))/(b − a) ∈ [−1, 1] with a = 1/25, b = 1/2. */
    private static final double[] TAIL = {
        0.5414130348219126, -0.027075671541314773, -0.004140642208048055, 0.0006111574406004414,
        -8.569661452714465e-06, -9.444023636875722e-06, 1.5444146801485269e-06, -2.8300640377837046e-08,
        -3.527671623473318e-08, 7.491220201913953e-09, -4.215962207010842e-10, -1.581946111353803e-10,
        5.033748672563433e-11, -5.921804614921912e-12, -5.204153235375135e-13, 3.7313009625805544e-13,
        -7.49090904446117e-14, 3.165698919821163e-15, 3.1813998444080005e-15, -1.6044382312174834e-15,
        8.576630055560126e-16,
    };

    private SpecialFunctions() {
    }

    /** The error function {@code erf(z) = (2/√π) ∫₀ᶻ e^(−t²) dt}; odd, from −1 to 1. */
    public static double erf(double z) {
        double a = Math.abs(z);
        double r = a <= 2 ? a * chebyshev(NEAR_ZERO, (a * a - 2) / 2) : 1 - tail(a);
        return Math.copySign(r, z); // NaN stays NaN
    }

    /** The complementary error function {@code erfc(z) = 1 − erf(z)}, accurate in relative terms for large z. */
    public static double erfc(double z) {
        if (z < 0) {
            return 1 + erf(-z);
        }
        return z <= 2 ? 1 - erf(z) : tail(z);
    }

    /** The standard normal distribution function {@code Φ(x) = ½·erfc(−x/√2)}. */
    public static double normalCdf(double x) {
        return 0.5 * erfc(-x * SQRT_HALF);
    }

    /** The standard normal density {@code φ(x) = e^(−x²/2)/√(2π)}. */
    public static double normalPdf(double x) {
        return INV_SQRT_TWO_PI * Math.exp(-0.5 * x * x);
    }

    /** erfc(z) for z > 2 (it underflows to 0 beyond z ≈ 27, and is 0 at +∞). */
    private static double tail(double z) {
        double s = (2 / z - (TAIL_A + TAIL_B)) / (TAIL_B - TAIL_A);
        return Math.exp(-z * z) * chebyshev(TAIL, s) / z;
    }

    /** Σ cₖ·Tₖ(s) by Clenshaw's recurrence bₖ = cₖ + 2s·bₖ₊₁ − bₖ₊₂. */
    private static double chebyshev(double[] c, double s) {
        double b1 = 0, b2 = 0;
        for (int k = c.length - 1; k >= 1; k--) {
            double b0 = c[k] + 2 * s * b1 - b2;
            b2 = b1;
            b1 = b0;
        }
        return c[0] + s * b1 - b2;
    }
}
